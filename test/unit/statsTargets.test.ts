import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NodeEngines,
  stackStatsTargets,
  type Engine,
  type StackServiceStatus,
  type StackTaskStatus,
} from '../../client/src/engine';
import { nodeEndpointArgs, statsTable } from '../../client/src/cli/statsCommand';
import { UsageError } from '../../client/src/cli/args';
import { unavailableRow } from '../../client/src/views/stats/statsChart';

/** An engine that answers `info` as the engine of swarm node `nodeId`; `disposed` counts its disposals. */
function fakeEngine(nodeId: string): Engine & { disposed: number } {
  const engine = {
    disposed: 0,
    docker: { info: () => Promise.resolve({ Name: `host-${nodeId}`, Swarm: { NodeID: nodeId } }) },
    dispose: () => {
      engine.disposed++;
      return Promise.resolve();
    },
  };
  return engine as unknown as Engine & { disposed: number };
}

const task = (id: string, nodeId: string, node: string, state = 'running', desiredState = 'running'): StackTaskStatus => ({
  id,
  slot: Number(id.replace(/\D/g, '')) || 1,
  node,
  nodeId,
  state,
  desiredState,
  containerId: `c-${id}`,
});

const service = (tasks: StackTaskStatus[]): StackServiceStatus => ({
  name: 'sk7_web',
  mode: 'replicated',
  running: tasks.length,
  desired: tasks.length,
  image: 'busybox',
  ports: [],
  tasks,
});

describe('a stack’s tasks for stats, through the node endpoints', () => {
  it('reads a task on the manager’s node here, one on a configured node there, and marks one on a node without an endpoint unavailable', async () => {
    const manager = fakeEngine('n1');
    const node3 = fakeEngine('n3');
    const asked: string[] = [];
    const nodes = new NodeEngines(manager, {
      endpoints: { node3: 'unix:///run/node3.sock' },
      setting: '--node-endpoint',
      connect: (options) => {
        asked.push(options.host ?? options.context ?? '');
        return Promise.resolve(node3);
      },
    });
    const targets = await stackStatsTargets(nodes, [
      service([
        task('t1', 'n1', 'node1'),
        task('t2', 'n2', 'node2'),
        task('t3', 'n3', 'node3'),
        task('t4', 'n3', 'node3', 'shutdown', 'shutdown'),
        { ...task('t5', 'n2', 'node2', 'preparing'), containerId: undefined },
      ]),
    ]);
    assert.deepEqual(
      targets.map((t) => [t.id, t.name, t.node, t.docker === undefined ? 'here' : t.docker === node3.docker ? 'node3' : '?']),
      [
        ['c-t1', 'sk7_web.1', 'node1', 'here'],
        ['c-t2', 'sk7_web.2', 'node2', 'here'],
        ['c-t3', 'sk7_web.3', 'node3', 'node3'],
      ],
      'only running tasks with a container, the shut-down and preparing ones left out',
    );
    assert.equal(targets[0]?.unavailable, undefined);
    assert.equal(targets[2]?.unavailable, undefined);
    assert.match(
      targets[1]?.unavailable ?? '',
      /^resource use of sk7_web\.2 needs the engine of node node2: .*Set --node-endpoint for "node2" .*\(configured now: node3\)/,
    );
    assert.deepEqual(asked, ['unix:///run/node3.sock'], 'one connection, to the configured node only');
    await nodes.dispose();
    assert.equal(node3.disposed, 1, 'the node connection is closed with the node engines');
    assert.equal(manager.disposed, 0, 'the manager is the caller’s');
  });

  it('marks the tasks of a node whose endpoint does not answer, or answers as another node, unavailable with the reason', async () => {
    const manager = fakeEngine('n1');
    const refusing = new NodeEngines(manager, {
      endpoints: { node2: 'tcp://node2:2375' },
      setting: '--node-endpoint',
      connect: () => Promise.reject(new Error('connect ECONNREFUSED')),
    });
    const [refused] = await stackStatsTargets(refusing, [service([task('t2', 'n2', 'node2')])]);
    assert.match(
      refused?.unavailable ?? '',
      /cannot reach node node2 through --node-endpoint\["node2"\] \(tcp:\/\/node2:2375\): connect ECONNREFUSED/,
    );
    const wrong = fakeEngine('n3');
    const mistaken = new NodeEngines(manager, {
      endpoints: { node2: 'unix:///run/node3.sock' },
      setting: '--node-endpoint',
      connect: () => Promise.resolve(wrong),
    });
    const [other] = await stackStatsTargets(mistaken, [service([task('t2', 'n2', 'node2')])]);
    assert.match(other?.unavailable ?? '', /reaches the engine of host-n3 \(swarm node n3\), not node node2/);
    assert.equal(wrong.disposed, 1, 'the wrong engine is let go at once');
  });

  it('lists a task whose node engine is slow as connecting, calls back once it answers, and shows a failure while it retries', async () => {
    const manager = fakeEngine('n1');
    const node2 = fakeEngine('n2');
    let answer: (engine: Engine) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    let tries = 0;
    // node2's engine answers (or fails) only when the test says so.
    const slowNode = (): NodeEngines =>
      new NodeEngines(manager, {
        endpoints: { node2: 'tcp://node2:2375' },
        setting: '--node-endpoint',
        connect: () => {
          tries++;
          return new Promise<Engine>((resolve, reject) => {
            answer = resolve;
            fail = reject;
          });
        },
      });
    const nodes = slowNode();
    let late = 0;
    const patience = { patienceMs: 30, failures: new Map<string, string>(), onLate: () => late++ };
    const two = service([task('t1', 'n1', 'node1'), task('t2', 'n2', 'node2'), task('t3', 'n2', 'node2')]);

    const first = await stackStatsTargets(nodes, [two], patience);
    assert.equal(first[0]?.unavailable, undefined, 'the manager’s own task does not wait');
    assert.match(first[1]?.unavailable ?? '', /^connecting to the engine of node node2 \(no answer after 0\.03 s\)$/);
    assert.equal(first[2]?.unavailable, first[1]?.unavailable);
    assert.equal(late, 0);
    answer(node2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(late, 1, 'called back once for the two tasks of that node');
    const second = await stackStatsTargets(nodes, [two], patience);
    assert.deepEqual(
      second.map((t) => [t.unavailable, t.docker === node2.docker]),
      [
        [undefined, false],
        [undefined, true],
        [undefined, true],
      ],
    );
    assert.equal(tries, 1, 'the answered connection is kept');
    await nodes.dispose();

    const failing = slowNode();
    late = 0;
    const one = service([task('t2', 'n2', 'node2')]);
    assert.match((await stackStatsTargets(failing, [one], patience))[0]?.unavailable ?? '', /^connecting to/);
    fail(new Error('connect ETIMEDOUT'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(late, 1, 'called back when the try failed too');
    const retried = await stackStatsTargets(failing, [one], patience);
    assert.match(
      retried[0]?.unavailable ?? '',
      /^cannot reach node node2 through --node-endpoint\["node2"\] \(tcp:\/\/node2:2375\): connect ETIMEDOUT \(trying again\)$/,
    );
    answer(node2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(patience.failures.size, 0, 'the failure is forgotten once the node answers');
    await failing.dispose();
  });

  it('prints an unavailable task in the stats table with its reason, and draws its panel row', () => {
    const lines = statsTable(
      [
        { id: 'a', name: 'sk7_web.1' },
        { id: 'b', name: 'sk7_web.2', node: 'node2', unavailable: 'no endpoint for node2' },
      ],
      () => undefined,
    );
    assert.match(lines[0] ?? '', /^NAME\s+CPU %/);
    assert.match(lines[2] ?? '', /^sk7_web\.2\s+unavailable\s/);
    assert.equal(lines[3], 'sk7_web.2: no endpoint for node2');
    const row = unavailableRow('sk7_web.2', 'Set "x" <here>');
    assert.match(row, /data-container="sk7_web\.2" data-unavailable="Set &quot;x&quot; &lt;here&gt;"/);
    assert.match(row, /resource use unavailable: Set &quot;x&quot; &lt;here&gt;/);
  });

  it('reads --node-endpoint NODE=ADDRESS, and refuses one without a node or an address', () => {
    assert.deepEqual(nodeEndpointArgs(['node2=ssh://me@node2', 'node3=lab-node3']), {
      node2: 'ssh://me@node2',
      node3: 'lab-node3',
    });
    assert.throws(() => nodeEndpointArgs(['ssh://me@node2']), UsageError);
    assert.throws(() => nodeEndpointArgs(['node2=']), /node2: needs an engine address or a context name/);
  });
});

describe('closing the node engines', () => {
  it('gives up a node engine that has not answered instead of waiting for the connection timeout', async () => {
    const manager = fakeEngine('n1');
    let aborted = false;
    let asked: () => void = () => undefined;
    const connecting = new Promise<void>((resolve) => (asked = resolve));
    const nodes = new NodeEngines(manager, {
      endpoints: { node3: 'tcp://192.0.2.1:2375' },
      setting: '--node-endpoint',
      // An engine that never answers: the attempt ends only when its owner gives it up.
      connect: (options) =>
        new Promise<Engine>((_, reject) => {
          asked();
          options.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('given up'));
          });
        }),
    });
    const pending = nodes.forNode({ id: 'n3', hostname: 'node3' });
    const outcome = pending.then(
      () => 'connected',
      (error: Error) => error.message,
    );
    await connecting;
    await nodes.dispose();
    assert.equal(aborted, true, 'the attempt was told to give up');
    assert.match(await outcome, /cannot reach node node3 .*given up/);
  });
});
