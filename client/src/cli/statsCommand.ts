import { formatBytes, StatsWatcher, type ContainerStats, type Engine } from '../engine';
import { parseArgs, single, UsageError } from './args';
import { CommandFailed, type Out } from './composeCommands';
import { CONNECTION, withEngine } from './engineCommands';

/**
 * `stevedore stats NAME... [--no-stream]`: live CPU, memory against its limit, network and block I/O of containers,
 * from the engine's stats stream (one per container). A NAME is a container (name or id), or a compose project or
 * swarm stack (its running containers on this engine). Prints a table each time every container has a new sample;
 * `--no-stream` prints the first full table and ends.
 */

interface Target {
  readonly id: string;
  readonly name: string;
}

async function containersOf(engine: Engine, name: string): Promise<Target[]> {
  try {
    const inspect = await engine.docker.getContainer(name).inspect();
    return [{ id: inspect.Id, name: inspect.Name.replace(/^\//, '') }];
  } catch {
    // Not a container: a project or a stack.
  }
  const labelled = async (label: string): Promise<Target[]> =>
    (await engine.docker.listContainers({ filters: { label: [`${label}=${name}`] } })).map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    }));
  const found = [...(await labelled('com.docker.compose.project')), ...(await labelled('com.docker.stack.namespace'))];
  if (found.length === 0) throw new CommandFailed(`no container, compose project or stack named '${name}' runs on this engine`);
  return found;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => cell.padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}

/** The table `docker stats` prints, from one sample per container. */
export function statsTable(targets: readonly Target[], latest: (id: string) => ContainerStats | undefined): string[] {
  const header = ['NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'];
  const rows = targets.map((t) => {
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
  return [row(header, widths), ...rows.map((r) => row(r, widths))];
}

export async function statsCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: [...CONNECTION, '--samples'], flags: ['--no-stream'] });
  if (args.positional.length === 0) throw new UsageError('stats needs a container, project or stack NAME');
  const samplesText = single(args, '--samples');
  const samples = args.flags.has('--no-stream') ? 1 : samplesText === undefined ? Infinity : Number(samplesText);
  if (!(samples >= 1)) throw new UsageError('--samples needs a count of 1 or more');
  await withEngine(args, async (engine) => {
    const targets = (await Promise.all(args.positional.map((name) => containersOf(engine, name)))).flat();
    await new Promise<void>((resolve) => {
      let printed = 0;
      const fresh = new Set<string>();
      const watcher = new StatsWatcher(engine.docker, (s) => {
        // The first sample has no previous one to measure CPU against: wait for the second.
        if (s.cpuPercent !== undefined) fresh.add(s.id);
        if (fresh.size < targets.length) return;
        fresh.clear();
        if (printed > 0) out('');
        statsTable(targets, (id) => watcher.latest(id)).forEach((line) => out(line));
        if (++printed >= samples) finish();
      });
      const finish = (): void => {
        watcher.clear();
        process.off('SIGINT', finish);
        resolve();
      };
      process.once('SIGINT', finish);
      watcher.show(targets.map((t) => t.id));
    });
  });
}
