import {
  checkNodeEndpoints,
  findStatsTargets,
  formatBytes,
  NODE_PATIENCE_MS,
  NodeEngines,
  StatsWatcher,
  type ContainerStats,
  type NodePatience,
  type StatsTarget,
} from '../engine';
import { parseArgs, single, UsageError } from './args';
import { CommandFailed, type Out } from './composeCommands';
import { CONNECTION, withEngine } from './engineCommands';

/**
 * `stevedore stats NAME... [--no-stream] [--node-endpoint NODE=ADDRESS]...`: live CPU, memory against its limit,
 * network and block I/O of containers, from the engine's stats stream (one per container). A NAME is a container
 * (name or id), a compose project (its running containers), or a swarm stack (its running tasks: those on other
 * nodes through `--node-endpoint`, as `stevedore.swarm.nodeEndpoints` in the editor, else listed as unavailable with
 * the reason). Prints a table each time every readable container has a new sample; `--no-stream` prints the first
 * full table and ends.
 */

const NODE_ENDPOINT = '--node-endpoint';

/** `--node-endpoint node2=ssh://me@node2` (repeatable): node hostname or id → engine address or docker context. */
export function nodeEndpointArgs(values: readonly string[]): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0)
      throw new UsageError(`${NODE_ENDPOINT} needs NODE=ADDRESS (an engine address or a docker context), not '${value}'`);
    endpoints[value.slice(0, eq)] = value.slice(eq + 1);
  }
  const problems = checkNodeEndpoints(endpoints);
  if (problems.length > 0) throw new UsageError(`${NODE_ENDPOINT}: ${problems.join('; ')}`);
  return endpoints;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => cell.padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}

/** The table `docker stats` prints, from one sample per container. */
export function statsTable(targets: readonly StatsTarget[], latest: (id: string) => ContainerStats | undefined): string[] {
  const header = ['NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'];
  const rows = targets.map((t) => {
    if (t.unavailable) return [t.name, 'unavailable', '–', '–', '–', '–', '–'];
    const s = latest(t.id);
    if (!s) return [t.name, '–', '–', '–', '–', '–', '–'];
    const memShare = s.memoryLimitBytes ? `${((s.memoryBytes / s.memoryLimitBytes) * 100).toFixed(2)}%` : '–';
    return [
      t.name,
      s.cpuPercent === undefined ? '–' : `${s.cpuPercent.toFixed(2)}%`,
      `${formatBytes(s.memoryBytes)} / ${formatBytes(s.memoryLimitBytes)}`,
      memShare,
      `${formatBytes(s.networkRxBytes)} / ${formatBytes(s.networkTxBytes)}`,
      `${formatBytes(s.blockReadBytes)} / ${formatBytes(s.blockWriteBytes)}`,
      s.pids === undefined ? '–' : String(s.pids),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const reasons = targets.filter((t) => t.unavailable).map((t) => `${t.name}: ${t.unavailable ?? ''}`);
  return [row(header, widths), ...rows.map((r) => row(r, widths)), ...reasons];
}

export async function statsCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: [...CONNECTION, '--samples', NODE_ENDPOINT], flags: ['--no-stream'] });
  const endpoints = nodeEndpointArgs(args.values.get(NODE_ENDPOINT) ?? []);
  if (args.positional.length === 0) throw new UsageError('stats needs a container, project or stack NAME');
  const samplesText = single(args, '--samples');
  const samples = args.flags.has('--no-stream') ? 1 : samplesText === undefined ? Infinity : Number(samplesText);
  if (!(samples >= 1)) throw new UsageError('--samples needs a count of 1 or more');
  await withEngine(args, async (engine) => {
    const nodes = new NodeEngines(engine, { endpoints, setting: NODE_ENDPOINT });
    try {
      await printStats(args.positional, nodes, samples, out);
    } finally {
      await nodes.dispose();
    }
  });
}

async function printStats(names: readonly string[], nodes: NodeEngines, samples: number, out: Out): Promise<void> {
  // Streaming, a node engine that does not answer does not hold the table: its tasks are listed as connecting until
  // it answers or fails, as in the editor's views. A single table (--no-stream) waits for every node instead.
  const failures = new Map<string, string>();
  let late: (() => void) | undefined;
  const patience: NodePatience | undefined =
    samples > 1 ? { patienceMs: NODE_PATIENCE_MS, failures, onLate: () => late?.() } : undefined;
  const find = async (): Promise<StatsTarget[][]> =>
    Promise.all(names.map((name) => findStatsTargets(nodes.manager, name, nodes, patience)));
  const found = await find();
  const missing = names.filter((_, i) => found[i]?.length === 0);
  if (missing.length > 0)
    throw new CommandFailed(`no container, compose project or stack named '${missing.join("', '")}' runs on this engine`);
  let targets = found.flat();
  let readable = targets.filter((t) => !t.unavailable);
  if (readable.length === 0 && !targets.some((t) => t.connecting)) {
    statsTable(targets, () => undefined).forEach((line) => out(line));
    return;
  }
  await new Promise<void>((resolve) => {
    let printed = 0;
    const fresh = new Set<string>();
    let lost = false;
    let done = false;
    const print = (): void => {
      if (printed > 0) out('');
      statsTable(targets, (id) => watcher.latest(id)).forEach((line) => out(line));
      if (++printed >= samples) finish();
    };
    const watcher = new StatsWatcher(
      nodes.manager.docker,
      (s) => {
        // The first sample has no previous one to measure CPU against: wait for the second.
        if (s.cpuPercent !== undefined) fresh.add(s.id);
        if (fresh.size < readable.length) return;
        fresh.clear();
        print();
      },
      {
        // dockerd restarted or the connection dropped: said, and the streams reopen when the engine is back.
        onState: (state) => {
          if (state === 'disconnected') out('-- disconnected from the engine; reconnecting… (Ctrl-C stops)');
          else if (lost) out('-- reconnected to the engine');
          lost ||= state === 'disconnected';
        },
      },
    );
    // A late node engine answered or failed: the tasks are found again, and the streams follow.
    late = () => {
      if (done) return;
      void find().then(
        (again) => {
          if (done) return;
          targets = again.flat();
          readable = targets.filter((t) => !t.unavailable);
          fresh.clear();
          watcher.show(readable);
          // Nothing left to stream: the table says why, once.
          if (readable.length === 0 && !targets.some((t) => t.connecting)) print();
        },
        () => undefined,
      );
    };
    const finish = (): void => {
      done = true;
      watcher.clear();
      process.off('SIGINT', finish);
      resolve();
    };
    process.once('SIGINT', finish);
    watcher.show(readable);
    // Every task waits for a node engine: the table says so while they connect.
    if (readable.length === 0) statsTable(targets, () => undefined).forEach((line) => out(line));
  });
}
