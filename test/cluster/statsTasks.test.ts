import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  findStatsTargets,
  NodeEngines,
  StatsWatcher,
  type ContainerStats,
  type Engine,
  type StatsTarget,
} from '../../client/src/engine';
import { eventually } from '../support/preconditions';
import { repoRoot } from '../support/paths';
import { deployText, startLab, type Lab } from '../support/swarmLab';

/**
 * A stack's resource use on a real three-node swarm (lab `sk7`, test/setup/swarm-lab.sh): the tasks on the manager's
 * node are read from the manager, those on node2 from node2's own engine through the node endpoints (as Attach Shell
 * reaches them), and those on node3, which has no endpoint, are listed as unavailable with the reason; in the engine
 * functions the panel and the tree use, and in `stevedore stats`.
 */

const STACK = 'sk7';
const stackFile = `
version: "3.8"
services:
  idle:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    deploy: {mode: global}
  burn:
    image: stevedore/busybox:local
    command: ["sh", "-c", "while :; do :; done"]
    init: true
    deploy: {replicas: 1, placement: {constraints: ["node.hostname == node2"]}}
`;

/** The shipped command line (dist/cli.js), run as a user runs it. */
function stevedore(...args: string[]): { code: number; out: string; err: string } {
  const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr };
}

describe('stats of a stack’s tasks on the nodes of a three-node swarm', { timeout: 300_000 }, () => {
  let lab: Lab;
  let node2: Engine;
  let nodes: NodeEngines;
  let targets: StatsTarget[];

  before(async () => {
    lab = await startLab('sk7');
    node2 = await lab.node(2);
    const { converged } = await deployText(lab.manager, STACK, stackFile);
    assert.ok(converged.ok, converged.message);
    nodes = new NodeEngines(lab.manager, { endpoints: { node2: `unix://${lab.socket(2)}` }, setting: '--node-endpoint' });
    // The manager hears of a worker's task running a moment after it does.
    targets = await eventually(
      async () => {
        const found = await findStatsTargets(lab.manager, STACK, nodes);
        return found.length === 4 ? found : undefined;
      },
      { timeout: 60_000, what: 'four running tasks' },
    );
  });
  after(async () => {
    await nodes?.dispose();
    await node2?.dispose();
    await lab?.down();
  });

  /** The targets on a node, of one service or of all. */
  const on = (node: string, service?: string): StatsTarget[] =>
    targets.filter((t) => t.node === node && (!service || t.name.startsWith(`${STACK}_${service}.`)));

  it('reads the manager’s tasks here, node2’s through its endpoint, and marks node3’s unavailable with the reason', async () => {
    assert.deepEqual(
      [...new Set(targets.map((t) => t.node))].sort().map((n) => [n, targets.filter((t) => t.node === n).length]),
      [
        ['node1', 1],
        ['node2', 2],
        ['node3', 1],
      ],
    );
    const [here] = on('node1', 'idle');
    assert.ok(here, 'the idle task on node1');
    assert.equal(here.docker, undefined, 'read from the manager itself');
    assert.equal(here.unavailable, undefined);
    for (const t of on('node2')) {
      assert.equal(t.unavailable, undefined);
      assert.ok(t.docker, `${t.name} is read through another engine than the manager`);
      // The container is node2's: its own engine knows it, the manager's does not.
      await node2.docker.getContainer(t.id).inspect();
      await assert.rejects(lab.manager.docker.getContainer(t.id).inspect(), /no such container/i);
    }
    const [away] = on('node3', 'idle');
    assert.equal(away?.docker, undefined);
    assert.match(
      away?.unavailable ?? '',
      /needs the engine of node node3: .*Set --node-endpoint for "node3" .*\(configured now: node2\)/,
    );
  });

  it('streams the samples of node2’s tasks from node2’s engine, and the burner’s CPU is above the sleeper’s', async () => {
    const samples = new Map<string, ContainerStats[]>();
    const watcher = new StatsWatcher(lab.manager.docker, (s) => samples.set(s.id, [...(samples.get(s.id) ?? []), s]));
    const readable = targets.filter((t) => !t.unavailable);
    try {
      watcher.show(readable);
      const [burn] = on('node2', 'burn');
      const [idle] = on('node2', 'idle');
      assert.ok(burn && idle);
      const peak = (id: string): number => Math.max(0, ...(samples.get(id) ?? []).map((s) => s.cpuPercent ?? 0));
      await eventually(
        () => (readable.every((t) => (samples.get(t.id)?.length ?? 0) >= 3) && peak(burn.id) > peak(idle.id) ? true : undefined),
        { timeout: 60_000, what: 'three samples of each readable task, the burner above the sleeper' },
      );
      assert.equal(watcher.openStreams, readable.length, 'one stream per readable task, none for node3’s');
      assert.ok(peak(burn.id) > 1, `the burner uses CPU (${peak(burn.id).toFixed(1)}%)`);
      assert.ok((samples.get(burn.id)?.at(-1)?.memoryBytes ?? 0) > 0, 'its memory is read too');
    } finally {
      watcher.clear();
    }
    await eventually(() => (watcher.openStreams === 0 ? true : undefined), { timeout: 10_000, what: 'every stream closed' });
  });

  it('stevedore stats prints node2’s tasks through --node-endpoint and node3’s as unavailable, with the reason', () => {
    const run = stevedore(
      'stats',
      STACK,
      '--no-stream',
      '--host',
      `unix://${lab.socket(1)}`,
      '--node-endpoint',
      `node2=unix://${lab.socket(2)}`,
    );
    assert.equal(run.code, 0, run.err);
    const lines = run.out.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+CPU %\s+MEM USAGE \/ LIMIT/);
    const rowOf = (t: StatsTarget | undefined): string => lines.find((l) => t && l.startsWith(`${t.name} `)) ?? '';
    for (const t of [...on('node1'), ...on('node2')]) assert.match(rowOf(t), /\s\d+\.\d\d%\s/, `${t.name} has figures`);
    const [away] = on('node3', 'idle');
    assert.match(rowOf(away), /\sunavailable\s/);
    assert.ok(
      lines.some((l) => l.startsWith(`${away?.name ?? '?'}: `) && /Set --node-endpoint for "node3"/.test(l)),
      run.out,
    );
  });

  it('stevedore stats does not wait for a node engine that never answers: its task is listed as connecting meanwhile', async () => {
    // node3's "engine" accepts connections and never says a word, as a hung dockerd or a black-holed tunnel does.
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const started = Date.now();
    try {
      const child = spawn(process.execPath, [
        join(repoRoot, 'dist', 'cli.js'),
        'stats',
        STACK,
        '--samples',
        '2',
        '--host',
        `unix://${lab.socket(1)}`,
        '--node-endpoint',
        `node2=unix://${lab.socket(2)}`,
        '--node-endpoint',
        `node3=tcp://127.0.0.1:${port}`,
      ]);
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // A command that hangs is killed, so that the assertions below say what it printed.
      const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearTimeout(killer);
      const took = Date.now() - started;
      assert.equal(code, 0, `${err}\n${out}`);
      // The engine connection's own timeout is 15 s: two tables came well before it.
      assert.ok(took < 12_000, `two tables in ${took} ms`);
      const [away] = on('node3', 'idle');
      const lines = out.trimEnd().split('\n');
      const rows = lines.filter((l) => away && l.startsWith(`${away.name} `));
      assert.equal(rows.length, 2, out);
      assert.ok(
        rows.every((r) => /\sunavailable\s/.test(r)),
        out,
      );
      assert.ok(
        lines.some((l) => l.startsWith(`${away?.name ?? '?'}: connecting to the engine of node node3 (no answer after 1.5 s)`)),
        out,
      );
      for (const t of [...on('node1'), ...on('node2')])
        assert.equal(lines.filter((l) => l.startsWith(`${t.name} `) && /\s\d+\.\d\d%\s/.test(l)).length, 2, `${t.name}: ${out}`);
    } finally {
      held.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
