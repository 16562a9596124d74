import { findStatsTargets, formatBytes, StatsWatcher, type ContainerStats, type StatsTarget } from '../engine';
import { parseArgs, single, UsageError } from './args';
import { CommandFailed, type Out } from './composeCommands';
import { CONNECTION, withEngine } from './engineCommands';

/**
 * `stevedore stats NAME... [--no-stream]`: live CPU, memory against its limit, network and block I/O of containers,
 * from the engine's stats stream (one per container). A NAME is a container (name or id), or a compose project or
 * swarm stack (its running containers on this engine). Prints a table each time every container has a new sample;
 * `--no-stream` prints the first full table and ends.
 */

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
    const found = await Promise.all(args.positional.map((name) => findStatsTargets(engine.docker, name)));
    const missing = args.positional.filter((_, i) => found[i]?.length === 0);
    if (missing.length > 0)
      throw new CommandFailed(`no container, compose project or stack named '${missing.join("', '")}' runs on this engine`);
    const targets = found.flat();
    await new Promise<void>((resolve) => {
      let printed = 0;
      let lost = false;
      const fresh = new Set<string>();
      const watcher = new StatsWatcher(
        engine.docker,
        (s) => {
          // The first sample has no previous one to measure CPU against: wait for the second.
          if (s.cpuPercent !== undefined) fresh.add(s.id);
          if (fresh.size < targets.length) return;
          fresh.clear();
          if (printed > 0) out('');
          statsTable(targets, (id) => watcher.latest(id)).forEach((line) => out(line));
          if (++printed >= samples) finish();
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
