import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSourceFile, getTopology, type Topology, type TopologyResult } from '../../server/src/service';
import { memoryHost } from '../support/memoryHost';
import { repoRoot } from '../support/paths';

const fixture = (path: string): string => readFileSync(join(repoRoot, 'test', 'fixtures', 'topology', path), 'utf8');

function graph(result: TopologyResult): Topology {
  assert.ok(!('unavailable' in result), 'unavailable' in result ? result.unavailable : '');
  return result;
}

/** Edges as `from -kind[label]-> to`, sorted, `!` marking a dangling one. */
const edgeList = (t: Topology): string[] =>
  t.edges.map((e) => `${e.from} -${e.kind}${e.label ? `[${e.label}]` : ''}-> ${e.to}${e.missing ? ' !' : ''}`).sort();

function topologyOf(files: Record<string, string>, uri: string): Topology {
  const host = memoryHost(files);
  const text = files[uri] ?? '';
  return graph(getTopology(createSourceFile(`file://${uri}`, 1, text), { host }));
}

describe('the topology of a Compose project', () => {
  it('has every service, network, volume, secret, config and published port, and their edges', () => {
    const t = topologyOf({ '/w/compose.yaml': fixture('compose/compose.yaml') }, '/w/compose.yaml');
    assert.equal(t.name, 'shop');
    assert.deepEqual(t.nodes.map((n) => n.id).sort(), [
      'config:api_config',
      'network:back',
      'network:default',
      'network:front',
      'port:8080/tcp',
      'port:8443/tcp',
      'secret:db_password',
      'service:api',
      'service:db',
      'service:queue',
      'service:web',
      'service:worker',
      'volume:cache',
      'volume:data',
    ]);
    assert.equal(t.nodes.find((n) => n.id === 'service:api')?.detail, '3 replicas · example/api:2');
    assert.equal(t.nodes.find((n) => n.id === 'volume:cache')?.missing, true);
    assert.deepEqual(edgeList(t), [
      'port:8080/tcp -publishes[8080→80/tcp]-> service:web',
      'port:8443/tcp -publishes[8443→443/tcp]-> service:web',
      'service:api -config-> config:api_config',
      'service:api -depends_on[started]-> service:db',
      'service:api -depends_on[started]-> service:worker',
      'service:api -network-> network:back',
      'service:api -network-> network:front',
      'service:api -secret-> secret:db_password',
      'service:db -mount[/cache]-> volume:cache !',
      'service:db -mount[/var/lib/postgresql/data]-> volume:data',
      'service:db -network-> network:back',
      'service:queue -depends_on[started]-> service:worker',
      'service:queue -network-> network:default',
      'service:web -depends_on[healthy]-> service:api',
      'service:web -network-> network:front',
      'service:worker -depends_on[started]-> service:queue',
      'service:worker -network-> network:default',
    ]);
    assert.deepEqual(t.cycles, [['service:worker', 'service:queue', 'service:worker']]);
  });

  it('points each defined node at its key, and counts a name another project file defines as defined', () => {
    const files = {
      '/w/compose.yaml': 'services:\n  app:\n    image: a\n    networks: [shared]\n',
      '/w/compose.override.yaml': 'networks:\n  shared:\n',
    };
    const t = topologyOf(files, '/w/compose.yaml');
    const app = t.nodes.find((n) => n.id === 'service:app');
    assert.deepEqual([app?.uri, app?.range?.start], ['file:///w/compose.yaml', { line: 1, character: 2 }]);
    assert.equal(t.nodes.find((n) => n.id === 'network:shared')?.missing, undefined);
    assert.deepEqual(edgeList(t), ['service:app -network-> network:shared']);
  });

  it('answers why for a file with no graph', () => {
    const result = getTopology(createSourceFile('file:///w/compose.yaml', 1, 'services: [\n'), {});
    assert.ok('unavailable' in result && /syntax errors/.test(result.unavailable));
    const plain = getTopology(createSourceFile('file:///w/ci.yml', 1, 'on: push\n'), {});
    assert.ok('unavailable' in plain);
  });
});

describe('the topology of a folder of Kubernetes manifests', () => {
  it('has the folder’s objects, selector, envFrom, valueFrom, volume and backend edges, and dangling ones', () => {
    const files = {
      '/k/app.yaml': fixture('kubernetes/app.yaml'),
      '/k/config.yaml': fixture('kubernetes/config.yaml'),
      '/k/sub/other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-in-this-folder\n',
    };
    const t = topologyOf(files, '/k/app.yaml');
    assert.equal(t.kind, 'kubernetes');
    assert.deepEqual(t.nodes.map((n) => `${n.id}${n.missing ? ' !' : ''}`).sort(), [
      'ConfigMap:api-config',
      'Deployment:api',
      'Ingress:api',
      'PersistentVolumeClaim:api-data',
      'Secret:api-secret !',
      'Service:api',
      'Service:legacy !',
    ]);
    assert.deepEqual(edgeList(t), [
      'Deployment:api -envFrom-> ConfigMap:api-config',
      'Deployment:api -valueFrom-> Secret:api-secret !',
      'Deployment:api -volume-> PersistentVolumeClaim:api-data',
      'Ingress:api -backend-> Service:api',
      'Ingress:api -backend-> Service:legacy !',
      'Service:api -selector[app=api]-> Deployment:api',
    ]);
    assert.equal(t.nodes.find((n) => n.id === 'ConfigMap:api-config')?.uri, 'file:///k/config.yaml');
  });
});
