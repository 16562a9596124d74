import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { WorkspaceSession, type Diagnostic, type ProjectHost } from '../../server/src/service';
import { CODE, PRACTICE_CODES } from '../../server/src/service/rules/registry';
import { memoryHost } from '../support/memoryHost';

const schemas = createKubernetesSchemaSource();
// Best-practice findings are not what these tests are about.
const codes = (ds: readonly Diagnostic[] | undefined): string[] =>
  (ds ?? []).map((d) => d.code).filter((c) => !PRACTICE_CODES.includes(c));

const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web}',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx',
  '          envFrom: [{configMapRef: {name: web-config}}]',
  '',
].join('\n');
const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\ndata: {a: b}\n';
const composeWithMemLimit = 'services:\n  web:\n    image: a\n    mem_limit: 1g\n';

describe('WorkspaceSession', () => {
  it('holds the workspace: a Deployment, its Service and its ConfigMap, one per file, see each other', async () => {
    const session = new WorkspaceSession({ host: memoryHost({}), kubernetesSchemas: schemas });
    session.open('file:///w/deploy.yaml', 1, deployment);
    session.open('file:///w/svc.yaml', 1, service);
    assert.deepEqual(codes(await session.diagnostics('file:///w/deploy.yaml')), [CODE.k8sUndefinedReference]);
    session.open('file:///w/cm.yaml', 1, configMap);
    assert.deepEqual(codes(await session.diagnostics('file:///w/deploy.yaml')), []);
    assert.deepEqual(codes(await session.diagnostics('file:///w/svc.yaml')), []);
    session.close('file:///w/deploy.yaml');
    assert.deepEqual(codes(await session.diagnostics('file:///w/svc.yaml')), [CODE.k8sServiceSelectsNothing]);
  });

  it("reads its folders' manifests through the host, with held files over them", async () => {
    const host = memoryHost({
      '/w/k8s/deploy.yaml': deployment,
      '/w/k8s/cm.yaml': configMap,
      '/w/node_modules/x/d.yaml': deployment,
    });
    const session = new WorkspaceSession({ host, kubernetesSchemas: schemas });
    session.addFolder('file:///w');
    session.open('file:///w/svc.yaml', 1, service);
    assert.deepEqual(codes(await session.diagnostics('file:///w/svc.yaml')), []);
    assert.deepEqual(
      session
        .objects()
        .map((o) => `${o.kind}/${o.name}`)
        .sort(),
      ['ConfigMap/web-config', 'Deployment/web', 'Service/web'],
    );
    // The editor's text wins over the disk's: the Deployment as edited has no pods labelled app=web.
    session.open('file:///w/k8s/deploy.yaml', 2, deployment.replace(/app: web/g, 'app: other'));
    assert.deepEqual(codes(await session.diagnostics('file:///w/svc.yaml')), [CODE.k8sServiceSelectsNothing]);
  });

  it('reads a folder once, and a file again when it changes on disk', () => {
    const disk: Record<string, string> = { '/w/deploy.yaml': deployment };
    const host: ProjectHost = {
      readFile: (uri) => disk[uri.replace('file://', '')],
      exists: (uri) => uri.replace('file://', '') in disk,
      listDirectory: (uri) => memoryHost(disk).listDirectory?.(uri),
    };
    const session = new WorkspaceSession({ host });
    session.addFolder('file:///w/');
    const names = (): string[] => session.objects().map((o) => o.name);
    assert.deepEqual(names(), ['web']);
    disk['/w/deploy.yaml'] = deployment.replace('name: web}', 'name: api}');
    assert.deepEqual(names(), ['web']);
    session.refresh('file:///w/deploy.yaml');
    assert.deepEqual(names(), ['api']);
  });

  it('reads a folder file from disk only when it is needed: not while the session holds it', () => {
    const disk: Record<string, string> = { '/w/deploy.yaml': deployment, '/w/cm.yaml': configMap };
    const reads: string[] = [];
    const host: ProjectHost = {
      readFile: (uri) => (reads.push(uri), disk[uri.replace('file://', '')]),
      exists: (uri) => uri.replace('file://', '') in disk,
      listDirectory: (uri) => memoryHost(disk).listDirectory?.(uri),
    };
    const session = new WorkspaceSession({ host });
    session.addFolder('file:///w/');
    session.open('file:///w/deploy.yaml', 1, deployment.replace('name: web}', 'name: held}'));
    const names = (): string[] =>
      session
        .objects()
        .map((o) => o.name)
        .sort();
    assert.deepEqual(names(), ['held', 'web-config']);
    assert.deepEqual(reads, ['file:///w/cm.yaml']);
    // Closed, the file is what the disk says, read then.
    session.close('file:///w/deploy.yaml');
    assert.deepEqual(names(), ['web', 'web-config']);
    assert.deepEqual(reads, ['file:///w/cm.yaml', 'file:///w/deploy.yaml']);
  });

  it('maps the settings: rules, env, Kubernetes version, stackFiles', async () => {
    const settings = {
      rules: { 'compose/unset-variable': 'error', bogus: 'loud' },
      env: { TAG: '1', N: 2 },
      kubernetes: { version: '1.33' },
      stackFiles: ['deploy/swarm/*.yml'],
    };
    const session = new WorkspaceSession({ host: memoryHost({}), settings });
    const context = session.context('file:///w/compose.yaml');
    assert.deepEqual(context.severities, { 'compose/unset-variable': 'error' });
    assert.deepEqual(context.env, { TAG: '1' });
    assert.equal(context.kubernetes?.version, '1.33');
    const uri = 'file:///w/deploy/swarm/app.yml';
    assert.equal(session.open(uri, 1, composeWithMemLimit).kind, 'stack');
    assert.deepEqual(codes(await session.diagnostics(uri)), ['stack/forbidden-key']);
    session.configure({});
    assert.equal(session.file(uri)?.kind, 'compose');
    assert.deepEqual(codes(await session.diagnostics(uri)), []);
  });

  it('checks no plain YAML unless its kind is asked for', async () => {
    const text = 'a: 1\na: 2\n';
    const editor = new WorkspaceSession({ host: memoryHost({}) });
    editor.open('file:///w/values.yaml', 1, text);
    assert.deepEqual(codes(await editor.diagnostics('file:///w/values.yaml')), []);
    const asked = new WorkspaceSession({ host: memoryHost({}), kind: 'yaml' });
    asked.open('file:///w/values.yaml', 1, text);
    assert.deepEqual(codes(await asked.diagnostics('file:///w/values.yaml')), ['yaml/duplicate-key']);
  });

  it('stops a validation at the first step after it is cancelled, giving way between steps', async () => {
    const session = new WorkspaceSession({ host: memoryHost({}), kubernetesSchemas: schemas });
    const uri = 'file:///w/many.yaml';
    session.open(uri, 1, Array.from({ length: 20 }, () => configMap).join('---\n'));
    let asked = 0;
    let pauses = 0;
    const whole = await session.diagnostics(uri, {
      isCancelled: () => (asked++, false),
      pause: () => Promise.resolve(void pauses++),
    });
    assert.deepEqual(whole, []);
    const steps = asked;
    assert.ok(steps > 20, `one step per document at least, got ${steps}`);
    assert.equal(pauses, steps - 1);
    // Asked again, unchanged: every document's findings are kept.
    asked = 0;
    assert.deepEqual(await session.diagnostics(uri, { isCancelled: () => (asked++, false) }), []);
    assert.ok(asked < steps, `${asked} steps the second time`);
    asked = 0;
    // A new session: the first one keeps each unchanged document's findings, and would have nothing left to do.
    const fresh = new WorkspaceSession({ host: memoryHost({}), kubernetesSchemas: schemas });
    fresh.open(uri, 1, Array.from({ length: 20 }, () => configMap).join('---\n'));
    const stopped = await fresh.diagnostics(uri, { isCancelled: () => ++asked > 3 });
    assert.equal(stopped, undefined);
    assert.equal(asked, 4, 'asked once more, then stopped');
  });
});
