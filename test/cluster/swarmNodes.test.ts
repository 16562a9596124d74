import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  addNodeLabel,
  connectEngine,
  followServiceLogs,
  isSwarmManager,
  listNodes,
  NodeConflictError,
  NodeEndpointMissingError,
  nodeConnectOptions,
  NodeEngines,
  parseLabelEdit,
  removeNodeLabel,
  runExec,
  setNodeAvailability,
  splitDetails,
  type Engine,
  type LogLine,
  type SwarmNode,
} from '../../client/src/engine';
import { eventually } from '../support/preconditions';
import { startLab, type Lab } from '../support/swarmLab';
import { repoRoot } from '../support/paths';

/**
 * Node management against a real three-node swarm (lab `nv`, test/setup/swarm-lab.sh): the node list against each
 * node's own engine, drain / pause / activate, labels with the version index, a task's node engine from the
 * configured endpoints, service and task logs through the manager.
 */

const SERVICE = 'sdnv-web';
const IMAGE = 'stevedore/busybox:local';
const SETTING = 'stevedore.swarm.nodeEndpoints';

/** The shipped command line (dist/cli.js), run as a user runs it. */
function stevedore(...args: string[]): { code: number; out: string; err: string } {
  const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr };
}

describe('swarm nodes on a three-node lab', { timeout: 300_000 }, () => {
  let lab: Lab;
  let manager: Engine;
  const nodeEngines: Engine[] = [];

  /** Each node's own engine: node N at index N-1. */
  const own = (n: number): Engine => {
    const engine = nodeEngines[n - 1];
    assert.ok(engine, `node ${n} is connected`);
    return engine;
  };
  /** Tasks of SERVICE that run on each node, counted on the nodes themselves (not from the manager's task list). */
  const runningOn = async (): Promise<number[]> =>
    Promise.all(
      nodeEngines.map(
        async (e) =>
          (
            await e.docker.listContainers({
              filters: { label: [`com.docker.swarm.service.name=${SERVICE}`], status: ['running'] },
            })
          ).length,
      ),
    );
  const nodeNamed = async (hostname: string): Promise<SwarmNode> => {
    const node = (await listNodes(manager)).find((n) => n.hostname === hostname);
    assert.ok(node, `node ${hostname} is listed`);
    return node;
  };

  before(async () => {
    lab = await startLab('nv');
    manager = lab.manager;
    for (const n of [1, 2, 3]) nodeEngines.push(await connectEngine({ host: `unix://${lab.socket(n)}`, env: {} }));
    await manager.docker.createService({
      Name: SERVICE,
      Labels: { 'org.stevedore.test': 'sdnv' },
      TaskTemplate: {
        ContainerSpec: {
          Image: IMAGE,
          Command: ['sh', '-c', 'echo "hello from $(hostname)"; exec sleep 3600'],
          Init: true,
          StopGracePeriod: 1_000_000_000,
        },
      },
      Mode: { Replicated: { Replicas: 6 } },
    } as never);
    // Running on the nodes, and reported so to the manager (an agent reports a task's state a moment later).
    await eventually(
      async () => {
        const counts = await runningOn();
        const reported = (await listNodes(manager)).reduce((sum, n) => sum + n.tasks.running, 0);
        return counts.reduce((a, b) => a + b, 0) === 6 && reported === 6 ? counts : undefined;
      },
      { timeout: 60_000, what: 'six tasks running' },
    );
  });
  after(async () => {
    await Promise.all(nodeEngines.map((e) => e.dispose()));
    await lab?.down();
  });

  it('lists the nodes as each node knows itself, with the tasks each one runs', async () => {
    const nodes = await listNodes(manager);
    assert.deepEqual(
      nodes.map((n) => [n.hostname, n.role, n.leader, n.availability, n.state, n.self]),
      [
        ['node1', 'manager', true, 'active', 'ready', true],
        ['node2', 'worker', false, 'active', 'ready', false],
        ['node3', 'worker', false, 'active', 'ready', false],
      ],
    );
    assert.equal(nodes[0]?.reachability, 'reachable');
    const counts = await runningOn();
    for (const [i, node] of nodes.entries()) {
      const self = (await own(i + 1).docker.info()) as { Swarm: { NodeID: string; NodeAddr: string } };
      assert.equal(node.id, self.Swarm.NodeID);
      assert.equal(node.address, self.Swarm.NodeAddr);
      assert.equal(node.engineVersion, own(i + 1).serverVersion);
      assert.deepEqual(node.tasks, { running: counts[i], total: counts[i] });
      assert.ok(node.version > 0);
    }
  });

  it('says clearly that a worker cannot list nodes, and which engines are managers', async () => {
    await assert.rejects(listNodes(own(2)), /this engine is not a swarm manager .*connect to a manager/);
    assert.equal(await isSwarmManager(manager), true);
    assert.equal(await isSwarmManager(own(3)), false);
  });

  it('adds and removes a label with the version index, and refuses a stale version or a missing label', async () => {
    const start = await nodeNamed('node2');
    await addNodeLabel(manager, 'node2', 'sdnv.zone', 'east');
    const inspected = (await manager.docker.getNode(start.id).inspect()) as { Spec: { Labels: Record<string, string> } };
    assert.equal(inspected.Spec.Labels['sdnv.zone'], 'east');
    assert.equal((await nodeNamed('node2')).labels['sdnv.zone'], 'east');

    // The version seen before the label was added is stale now: nothing is written.
    await assert.rejects(
      addNodeLabel(manager, 'node2', 'sdnv.rack', '1', { expectedVersion: start.version }),
      (error: unknown) => error instanceof NodeConflictError && /node node2 changed since it was read/.test(error.message),
    );
    assert.equal((await nodeNamed('node2')).labels['sdnv.rack'], undefined);

    const current = await nodeNamed('node2');
    await removeNodeLabel(manager, 'node2', 'sdnv.zone', { expectedVersion: current.version });
    assert.equal((await nodeNamed('node2')).labels['sdnv.zone'], undefined);
    await assert.rejects(removeNodeLabel(manager, 'node2', 'sdnv.zone'), /node node2 has no label "sdnv.zone"/);
    await assert.rejects(addNodeLabel(manager, 'node2', 'sdnv zone', 'x'), /cannot contain '=' or white space/);
  });

  it('reads label edits as the CLI and the editor take them', () => {
    assert.deepEqual(parseLabelEdit('sdnv.zone=east'), { key: 'sdnv.zone', value: 'east' });
    assert.deepEqual(parseLabelEdit('sdnv.flag='), { key: 'sdnv.flag', value: '' });
    assert.deepEqual(parseLabelEdit('sdnv.zone-'), { key: 'sdnv.zone' });
    assert.deepEqual(parseLabelEdit('sdnv.a-b=c=d'), { key: 'sdnv.a-b', value: 'c=d' });
    assert.throws(() => parseLabelEdit('sdnv.zone'), /expected key=value \(add\) or key- \(remove\)/);
    assert.throws(() => parseLabelEdit('=x'), /a label needs a key/);
  });

  it("finds a task's node engine from the endpoints, runs a command there, and says what is missing", async () => {
    const tasks = (await manager.docker.listTasks({
      filters: { service: [SERVICE], 'desired-state': ['running'] },
    })) as { ID: string; NodeID: string }[];
    const nodes = await listNodes(manager);
    const idOf = (hostname: string): string => nodes.find((n) => n.hostname === hostname)?.id ?? '';
    const taskOn = (hostname: string): string => {
      const task = tasks.find((t) => t.NodeID === idOf(hostname));
      assert.ok(task, `a task runs on ${hostname}`);
      return task.ID;
    };
    // node2 by hostname, node3 by id; node1 is the manager's own node and needs no entry.
    const engines = new NodeEngines(manager, {
      endpoints: { node2: `unix://${lab.socket(2)}`, [idOf('node3')]: `unix://${lab.socket(3)}` },
      setting: SETTING,
    });
    try {
      for (const hostname of ['node1', 'node2', 'node3']) {
        const { engine, task, containerId } = await engines.forTask(taskOn(hostname));
        assert.equal(task.hostname, hostname);
        assert.match(task.name, /^sdnv-web\.\d$/);
        if (hostname === 'node1') assert.equal(engine, manager);
        const { output, exitCode } = await runExec(
          engine.docker.getContainer(containerId),
          ['sh', '-c', 'echo $((6*7)) $(hostname)'],
          {
            tty: true,
          },
        );
        assert.equal(exitCode, 0);
        assert.match(output, /^42 [0-9a-f]{12}\r?\n$/);
      }
      // By node id or hostname alone, as a replica list gives it.
      assert.equal(await engines.forNodeId(idOf('node1')), manager);
      assert.equal(
        ((await (await engines.forNodeId('node3')).docker.info()) as { Swarm: { NodeID: string } }).Swarm.NodeID,
        idOf('node3'),
      );
      // The same endpoint is connected once.
      assert.equal(
        await engines.forNode({ id: idOf('node2'), hostname: 'node2' }),
        (await engines.forTask(taskOn('node2'))).engine,
      );
    } finally {
      await engines.dispose();
    }

    const without = new NodeEngines(manager, { endpoints: { node2: `unix://${lab.socket(2)}` }, setting: SETTING });
    await assert.rejects(without.forTask(taskOn('node3')), (error: unknown) => {
      assert.ok(error instanceof NodeEndpointMissingError);
      assert.equal(error.node, 'node3');
      assert.match(error.message, /needs the engine of node node3: the manager's API cannot do that on another node/);
      assert.match(error.message, /Set stevedore\.swarm\.nodeEndpoints for "node3" .*\(configured now: node2\)/);
      return true;
    });
    await without.dispose();

    const crossed = new NodeEngines(manager, { endpoints: { node2: `unix://${lab.socket(3)}` }, setting: SETTING });
    await assert.rejects(
      crossed.forTask(taskOn('node2')),
      new RegExp(
        `stevedore\\.swarm\\.nodeEndpoints\\["node2"\\] \\(unix://${lab.socket(3)}\\) reaches the engine of node3 .*not node node2`,
      ),
    );
    await crossed.dispose();
    const unreachable = new NodeEngines(manager, { endpoints: { node2: 'unix:///nonexistent/sdnv.sock' }, setting: SETTING });
    await assert.rejects(
      unreachable.forTask(taskOn('node2')),
      /cannot reach node node2 through stevedore\.swarm\.nodeEndpoints\["node2"\]/,
    );
    await unreachable.dispose();
  });

  it('reads an endpoint as an address or a context name', () => {
    assert.deepEqual(nodeConnectOptions(' ssh://ops@node2 '), { host: 'ssh://ops@node2' });
    assert.deepEqual(nodeConnectOptions('unix:///run/x.sock'), { host: 'unix:///run/x.sock' });
    assert.deepEqual(nodeConnectOptions('node2-context'), { context: 'node2-context' });
  });

  it("follows a service's logs on every node, and one task's, through the manager", async () => {
    const lines: LogLine[] = [];
    const follower = followServiceLogs(manager.docker, { service: SERVICE, onLine: (l) => lines.push(l) });
    try {
      await follower.ready;
      const hosts = await eventually(
        () => {
          const hosts = new Set(lines.map((l) => l.source.replace(/^.*@/, '')));
          return Promise.resolve(hosts.size === 3 ? [...hosts].sort() : undefined);
        },
        { timeout: 30_000, what: 'a line from each node' },
      );
      assert.deepEqual(hosts, ['node1', 'node2', 'node3']);
      for (const line of lines) {
        assert.match(line.source, /^sdnv-web\.\d@node\d$/);
        assert.match(line.text, /^hello from [0-9a-f]{12}$/);
        assert.equal(line.stream, 'stdout');
      }
    } finally {
      follower.stop();
    }
    const tasks = (await manager.docker.listTasks({ filters: { service: [SERVICE], 'desired-state': ['running'] } })) as {
      ID: string;
      Slot: number;
    }[];
    const task = tasks[0];
    assert.ok(task);
    const own: LogLine[] = [];
    const one = followServiceLogs(manager.docker, { task: task.ID, onLine: (l) => own.push(l) });
    try {
      await one.ready;
      await eventually(() => Promise.resolve(own.length > 0 ? true : undefined), { timeout: 30_000, what: "the task's line" });
      assert.ok(own.every((l) => l.source.startsWith(`sdnv-web.${task.Slot}@`)));
    } finally {
      one.stop();
    }
  });

  it('drains a worker (its tasks move to the other nodes), pauses one, and activates them again', async () => {
    const before = await nodeNamed('node2');
    assert.ok(before.tasks.total > 0, 'node2 runs tasks before the drain');
    const result = await setNodeAvailability(manager, 'node2', 'drain');
    assert.equal(result.hostname, 'node2');
    assert.ok(result.version > before.version);
    const moved = await eventually(
      async () => {
        const counts = await runningOn();
        return counts[1] === 0 && counts[0] + counts[2] === 6 ? counts : undefined;
      },
      { timeout: 60_000, what: 'node2 emptied, six tasks elsewhere' },
    );
    // The manager's counts per node agree with the nodes once the agents have reported.
    const nodes = await eventually(
      async () => {
        const listed = await listNodes(manager);
        const running = listed.map((n) => n.tasks.running);
        return running[0] === moved[0] && running[1] === 0 && running[2] === moved[2] ? listed : undefined;
      },
      { timeout: 30_000, what: 'the manager counting the moved tasks' },
    );
    const drained = nodes[1];
    assert.ok(drained);
    assert.equal(drained.availability, 'drain');
    assert.deepEqual(drained.tasks, { running: 0, total: 0 });

    await setNodeAvailability(manager, drained.id, 'active');
    await setNodeAvailability(manager, 'node3', 'pause');
    assert.deepEqual(
      (await listNodes(manager)).map((n) => n.availability),
      ['active', 'active', 'pause'],
    );
    await setNodeAvailability(manager, 'node3', 'active');
    assert.equal((await nodeNamed('node3')).availability, 'active');
    await assert.rejects(
      setNodeAvailability(manager, 'node3', 'sleep' as never),
      /availability must be one of active, pause, drain/,
    );
    await assert.rejects(setNodeAvailability(manager, 'node9', 'drain'), /no node node9 in this swarm/);
  });

  it('stevedore nodes and stevedore node drain / activate / label, with their exit codes', async () => {
    const host = `unix://${lab.socket(1)}`;
    const nodes = await listNodes(manager);
    const list = stevedore('nodes', '--host', host);
    assert.equal(list.code, 0, list.err);
    const rows = list.out.trimEnd().split('\n');
    assert.match(rows[0] ?? '', /^HOSTNAME +ID +ROLE +AVAILABILITY +STATE +ENGINE +ADDRESS +TASKS +LABELS$/);
    assert.equal(rows.length, 4);
    for (const [i, node] of nodes.entries()) {
      const cells = (rows[i + 1] ?? '').split(/ {2,}/);
      assert.deepEqual(cells.slice(0, 8), [
        i === 0 ? 'node1 *' : node.hostname,
        node.id.slice(0, 12),
        i === 0 ? 'manager (leader)' : 'worker',
        node.availability,
        'ready',
        own(i + 1).serverVersion,
        node.address,
        `${node.tasks.running}/${node.tasks.total}`,
      ]);
    }

    const drain = stevedore('node', 'drain', 'node3', '--host', host);
    assert.equal(drain.code, 0, drain.err);
    assert.equal(drain.out, 'node node3: availability drain\n');
    assert.equal((await nodeNamed('node3')).availability, 'drain');
    assert.equal(stevedore('node', 'activate', 'node3', '--host', host).code, 0);
    assert.equal((await nodeNamed('node3')).availability, 'active');

    const label = stevedore('node', 'label', 'node3', 'sdnv.cli=yes', 'sdnv.tier=2', '--host', host);
    assert.equal(label.code, 0, label.err);
    assert.equal(label.out, 'node node3: label sdnv.cli=yes\nnode node3: label sdnv.tier=2\n');
    assert.deepEqual((await nodeNamed('node3')).labels, { 'sdnv.cli': 'yes', 'sdnv.tier': '2' });
    assert.match(stevedore('nodes', '--host', host).out, /node3 .* sdnv\.cli=yes,sdnv\.tier=2\n/);
    const unlabel = stevedore('node', 'label', 'node3', 'sdnv.cli-', 'sdnv.tier-', '--host', host);
    assert.equal(unlabel.code, 0, unlabel.err);
    assert.deepEqual((await nodeNamed('node3')).labels, {});

    const missing = stevedore('node', 'label', 'node3', 'sdnv.cli-', '--host', host);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /node node3 has no label "sdnv\.cli"/);
    const unknown = stevedore('node', 'drain', 'node9', '--host', host);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no node node9 in this swarm/);
    const worker = stevedore('nodes', '--host', `unix://${lab.socket(2)}`);
    assert.equal(worker.code, 1);
    assert.match(worker.err, /this engine is not a swarm manager/);
    for (const usage of [
      ['node', 'reboot', 'node3'],
      ['node', 'label', 'node3', 'sdnv.cli'],
      ['node', 'drain'],
      ['nodes', 'extra'],
    ]) {
      const run = stevedore(...usage, '--host', host);
      assert.equal(run.code, 2, usage.join(' '));
      assert.match(run.err, /^stevedore: .*\n\nstevedore /);
    }
  });

  it('splits the details the engine puts before a service log line', () => {
    assert.deepEqual(splitDetails('com.docker.swarm.node.id=n1,com.docker.swarm.task.id=t1 hello world'), {
      details: { 'com.docker.swarm.node.id': 'n1', 'com.docker.swarm.task.id': 't1' },
      text: 'hello world',
    });
    assert.deepEqual(splitDetails('plain text, no details'), { details: {}, text: 'plain text, no details' });
  });
});
