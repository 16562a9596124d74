import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeRows, table } from '../../client/src/cli/nodeCommands';
import { checkNodeEndpoints, servicesPlacedByLabel } from '../../client/src/engine';
import { countTasks, toSwarmNode, type RawNode } from '../../client/src/engine/swarm/nodes';

/** The pure parts of node management: the engine's node object read, tasks counted per node, the CLI's table. */

const raw = (over: Partial<RawNode> = {}): RawNode => ({
  ID: 'abcdef0123456789',
  Version: { Index: 42 },
  Spec: { Role: 'worker', Availability: 'active', Labels: { zone: 'east' } },
  Description: { Hostname: 'worker-1', Engine: { EngineVersion: '27.3.1' } },
  Status: { State: 'ready', Addr: '10.0.0.2' },
  ...over,
});

describe('swarm nodes, without an engine', () => {
  it('reads a worker and a leader as docker node ls shows them', () => {
    const worker = toSwarmNode(raw(), { running: 1, total: 2 }, 'someone-else');
    assert.deepEqual(worker, {
      id: 'abcdef0123456789',
      hostname: 'worker-1',
      role: 'worker',
      leader: false,
      availability: 'active',
      state: 'ready',
      engineVersion: '27.3.1',
      address: '10.0.0.2',
      labels: { zone: 'east' },
      tasks: { running: 1, total: 2 },
      self: false,
      version: 42,
    });
    // A manager's Status.Addr can be 0.0.0.0; its manager address (without the port) is the useful one.
    const leader = toSwarmNode(
      raw({
        Spec: { Role: 'manager', Availability: 'drain' },
        Status: { State: 'down', Addr: '0.0.0.0', Message: 'heartbeat failure' },
        ManagerStatus: { Leader: true, Reachability: 'reachable', Addr: '10.0.0.1:2377' },
      }),
      { running: 0, total: 0 },
      'abcdef0123456789',
    );
    assert.equal(leader.address, '10.0.0.1');
    assert.deepEqual(
      [leader.role, leader.leader, leader.reachability, leader.availability, leader.state, leader.message, leader.self],
      ['manager', true, 'reachable', 'drain', 'down', 'heartbeat failure', true],
    );
    assert.deepEqual(leader.labels, {});
  });

  it('counts the tasks wanted running per node, and how many of them run', () => {
    const counts = countTasks([
      { NodeID: 'a', DesiredState: 'running', Status: { State: 'running' } },
      { NodeID: 'a', DesiredState: 'running', Status: { State: 'starting' } },
      { NodeID: 'a', DesiredState: 'shutdown', Status: { State: 'running' } },
      { NodeID: 'b', DesiredState: 'running', Status: { State: 'running' } },
      { DesiredState: 'running', Status: { State: 'pending' } },
    ]);
    assert.deepEqual(Object.fromEntries(counts), { a: { running: 1, total: 2 }, b: { running: 1, total: 1 } });
  });

  it('prints the node table with padded columns', () => {
    const nodes = [
      toSwarmNode(
        raw({ ID: 'm1m1m1m1m1m1m1', Spec: { Role: 'manager' }, ManagerStatus: { Leader: true } }),
        { running: 3, total: 3 },
        'm1m1m1m1m1m1m1',
      ),
      toSwarmNode(raw(), { running: 1, total: 2 }, 'm1m1m1m1m1m1m1'),
    ];
    assert.deepEqual(table(nodeRows(nodes)), [
      'HOSTNAME    ID            ROLE              AVAILABILITY  STATE  ENGINE  ADDRESS   TASKS  LABELS',
      'worker-1 *  m1m1m1m1m1m1  manager (leader)  active        ready  27.3.1  10.0.0.2  3/3',
      'worker-1    abcdef012345  worker            active        ready  27.3.1  10.0.0.2  1/2    zone=east',
    ]);
  });

  it('checks the node endpoints setting', () => {
    assert.deepEqual(checkNodeEndpoints(undefined), []);
    assert.deepEqual(checkNodeEndpoints({ 'worker-1': 'ssh://ops@worker-1', 'worker-2': 'ctx' }), []);
    assert.deepEqual(checkNodeEndpoints(['x']), ['must be an object of node hostname → address or context']);
    assert.deepEqual(checkNodeEndpoints({ 'worker-1': '', 'worker-2': 3 }), [
      'worker-1: needs an engine address or a context name',
      'worker-2: needs an engine address or a context name',
    ]);
  });

  it('finds the services that place tasks by a node label', () => {
    const service = (name: string, constraints?: string[]) => ({
      Spec: { Name: name, TaskTemplate: constraints ? { Placement: { Constraints: constraints } } : {} },
    });
    const services = [
      service('shop_web', ['node.labels.zone == east', 'node.role==worker']),
      service('shop_db', [' node.labels.zone!=west']),
      service('shop_cache', ['node.labels.zone2 == a']),
      service('shop_api', ['node.labels.zone.sub == x']),
      service('shop_jobs'),
    ];
    assert.deepEqual(servicesPlacedByLabel(services, 'zone'), ['shop_db', 'shop_web']);
    assert.deepEqual(servicesPlacedByLabel(services, 'zone.sub'), ['shop_api']);
    assert.deepEqual(servicesPlacedByLabel(services, 'rack'), []);
  });
});
