import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isSwarmManager,
  runningContainers,
  runningTasks,
  serviceMode,
  servicesPlacedByNodeLabel,
  swarmRole,
  swarmState,
  type Engine,
} from '../../client/src/engine';

/** An Engine whose connection answers from canned data and records the filters it was asked with. */
function stubEngine(docker: Record<string, (options?: unknown) => Promise<unknown>>): { engine: Engine; asked: unknown[] } {
  const asked: unknown[] = [];
  const recorded = Object.fromEntries(
    Object.entries(docker).map(([name, fn]) => [name, (options?: unknown) => (asked.push({ [name]: options }), fn(options))]),
  );
  return { engine: { docker: recorded } as unknown as Engine, asked };
}

describe("the engine's reads for the editor and the CLI", () => {
  it('reads the swarm state once, the same way for every caller', async () => {
    const info = (swarm: unknown) => stubEngine({ info: () => Promise.resolve({ Swarm: swarm }) }).engine;
    const manager = info({ LocalNodeState: 'active', ControlAvailable: true });
    const worker = info({ LocalNodeState: 'active', ControlAvailable: false });
    const none = info({ LocalNodeState: 'inactive' });
    assert.deepEqual(await swarmState(manager), { localNodeState: 'active', manager: true });
    assert.deepEqual(await Promise.all([manager, worker, none].map(async (e) => swarmRole(await swarmState(e)))), [
      'swarm manager',
      'swarm worker',
      'engine',
    ]);
    assert.equal(await isSwarmManager(worker), false);
    const down = stubEngine({ info: () => Promise.reject(new Error('ECONNREFUSED')) }).engine;
    assert.equal(await isSwarmManager(down), false);
    await assert.rejects(swarmState(down), /ECONNREFUSED/);
  });

  it('names running tasks by service, tells a replicated service, finds placement by label', async () => {
    const services = [
      { ID: 's1', Spec: { Name: 'shop_web', Mode: { Replicated: { Replicas: 2 } } } },
      {
        ID: 's2',
        Spec: {
          Name: 'shop_agent',
          Mode: { Global: {} },
          TaskTemplate: { Placement: { Constraints: ['node.labels.zone==east'] } },
        },
      },
    ];
    const { engine } = stubEngine({
      listTasks: () =>
        Promise.resolve([
          { ID: 't1', ServiceID: 's1', Slot: 1, NodeID: 'n1', Status: { State: 'running' } },
          { ID: 't2', ServiceID: 'gone', Status: { State: 'failed', Err: 'no such image' } },
        ]),
      listServices: (options) => {
        const name = (options as { filters?: { name?: string[] } } | undefined)?.filters?.name?.[0];
        return Promise.resolve(name ? services.filter((s) => s.Spec.Name.startsWith(name)) : services);
      },
    });
    assert.deepEqual(await runningTasks(engine), [
      { id: 't1', service: 'shop_web', slot: 1, nodeId: 'n1', state: 'running' },
      { id: 't2', service: 'gone', state: 'failed', error: 'no such image' },
    ]);
    assert.equal(await serviceMode(engine, 'shop_web'), 'replicated');
    assert.equal(await serviceMode(engine, 'shop_agent'), 'other');
    assert.equal(await serviceMode(engine, 'shop'), undefined);
    assert.deepEqual(await servicesPlacedByNodeLabel(engine, 'zone'), ['shop_agent']);
  });

  it("lists a service's running containers by compose's or the stack's labels", async () => {
    const { engine, asked } = stubEngine({ listContainers: () => Promise.resolve([{ Id: 'c1', Names: ['/shop-web-1'] }]) });
    assert.deepEqual(await runningContainers(engine, { kind: 'compose', name: 'shop' }, 'web'), [
      { id: 'c1', name: 'shop-web-1' },
    ]);
    await runningContainers(engine, { kind: 'stack', name: 'shop' }, 'web');
    assert.deepEqual(asked, [
      {
        listContainers: {
          filters: { label: ['com.docker.compose.project=shop', 'com.docker.compose.service=web'], status: ['running'] },
        },
      },
      {
        listContainers: {
          filters: { label: ['com.docker.stack.namespace=shop', 'com.docker.swarm.service.name=shop_web'], status: ['running'] },
        },
      },
    ]);
  });
});
