import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { stackPs, type StackServiceStatus } from '../../client/src/engine';
import { deployText, nodeIds, startLab, type Lab } from '../support/swarmLab';

/** Where a stack's services run on a real three-node swarm (test/setup/swarm-lab.sh, lab `sl`). */

const STACK = 'sdlabplace';
const sleeper = `
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true`;
const stackFile = `
version: "3.8"
services:
  spread:${sleeper}
    deploy: {replicas: 6}
  labelled:${sleeper}
    deploy: {replicas: 3, placement: {constraints: ["node.labels.sdlab.zone == east"]}}
  workers:${sleeper}
    deploy: {replicas: 4, placement: {constraints: ["node.role == worker"]}}
  racks:${sleeper}
    deploy: {replicas: 4, placement: {preferences: [{spread: node.labels.sdlab.rack}]}}
  capped:${sleeper}
    deploy: {replicas: 3, placement: {max_replicas_per_node: 1}}
  everywhere:${sleeper}
    deploy: {mode: global}
`;

/** Running tasks per node hostname. */
function perNode(service: StackServiceStatus | undefined): Record<string, number> {
  assert.ok(service, 'the service should be listed');
  const counts: Record<string, number> = {};
  for (const t of service.tasks.filter((t) => t.desiredState === 'running' && t.state === 'running'))
    counts[t.node] = (counts[t.node] ?? 0) + 1;
  return counts;
}

async function setLabels(docker: Docker, id: string, labels: Record<string, string>): Promise<void> {
  const node = docker.getNode(id);
  const current = (await node.inspect()) as { Version: { Index: number }; Spec: { Labels?: Record<string, string> } };
  await node.update({
    _query: { version: current.Version.Index },
    _body: { ...current.Spec, Labels: { ...current.Spec.Labels, ...labels } },
  });
}

describe('placement on a three-node swarm', () => {
  let lab: Lab;
  let services: Map<string, StackServiceStatus>;

  before(async () => {
    lab = await startLab('sl');
    const ids = await nodeIds(lab.manager);
    assert.deepEqual([...ids.keys()].sort(), ['node1', 'node2', 'node3']);
    const id = (name: string): string => ids.get(name) ?? assert.fail(`no ${name}`);
    await setLabels(lab.manager.docker, id('node1'), { 'sdlab.rack': 'a' });
    await setLabels(lab.manager.docker, id('node2'), { 'sdlab.zone': 'east', 'sdlab.rack': 'b' });
    await setLabels(lab.manager.docker, id('node3'), { 'sdlab.rack': 'b' });
    const { converged } = await deployText(lab.manager, STACK, stackFile);
    assert.ok(converged.ok, converged.message);
    services = new Map((await stackPs(lab.manager, STACK)).map((s) => [s.name.slice(STACK.length + 1), s]));
  });
  after(async () => {
    await lab?.down();
  });

  it('spreads replicas evenly over the nodes', () => {
    assert.deepEqual(perNode(services.get('spread')), { node1: 2, node2: 2, node3: 2 });
  });

  it('honours a constraint on a node label', () => {
    assert.deepEqual(perNode(services.get('labelled')), { node2: 3 });
  });

  it('honours a constraint on the node role', () => {
    const counts = perNode(services.get('workers'));
    assert.equal(counts['node1'], undefined, 'node1 is the manager');
    assert.equal((counts['node2'] ?? 0) + (counts['node3'] ?? 0), 4);
  });

  it('spreads over the values of a label (placement preference)', () => {
    // Rack a is node1 alone, rack b is node2 and node3: half the replicas go to each rack.
    const counts = perNode(services.get('racks'));
    assert.equal(counts['node1'], 2);
    assert.equal((counts['node2'] ?? 0) + (counts['node3'] ?? 0), 2);
  });

  it('puts at most max_replicas_per_node on a node', () => {
    assert.deepEqual(perNode(services.get('capped')), { node1: 1, node2: 1, node3: 1 });
  });

  it('runs a global service on every node', () => {
    const everywhere = services.get('everywhere');
    assert.equal(everywhere?.mode, 'global');
    assert.deepEqual(perNode(everywhere), { node1: 1, node2: 1, node3: 1 });
  });

  it('shows each task with its node ready and active', () => {
    for (const service of services.values())
      for (const t of service.tasks.filter((t) => t.desiredState === 'running')) {
        assert.match(t.node, /^node[123]$/);
        assert.equal(t.nodeState, 'ready');
        assert.equal(t.nodeAvailability, 'active');
      }
  });

  it('reports a service that cannot be placed, with the scheduler’s reason', async () => {
    const text = `
version: "3.8"
services:
  toomany:${sleeper}
    deploy: {replicas: 4, placement: {max_replicas_per_node: 1}}
`;
    const { converged } = await deployText(lab.manager, `${STACK}x`, text);
    assert.equal(converged.ok, false);
    const service = converged.services[0];
    assert.equal(service?.running, 3);
    assert.equal(service?.desired, 4);
    assert.match(converged.message, /cannot be placed: .*max replicas per node/i);
  });
});
