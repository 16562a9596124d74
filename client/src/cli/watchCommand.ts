import { resolve } from 'node:path';
import { ProjectWatch, watchPaths, type WatchReport } from '../engine';
import { parseArgs, single, UsageError } from './args';
import { loadOrFail, type Out } from './composeCommands';
import { CLIENT, CONNECTION, withEngine } from './engineCommands';

/**
 * `stevedore watch FILE...`: the deployed compose project's `develop.watch` rules, acted on as files change on disk,
 * until Ctrl-C (or `signal` aborts). One line per action: "web: synced 3 files in 120 ms".
 */
export async function watchCommand(argv: readonly string[], out: Out, signal?: AbortSignal): Promise<void> {
  const args = parseArgs(argv, {
    values: [...CONNECTION, '--file', '--project', '--env-file', '--profile', '--project-directory'],
    flags: [],
    aliases: { '-p': '--project', '-f': '--file' },
  });
  const files = [...(args.values.get('--file') ?? []), ...args.positional].map((f) => resolve(f));
  if (files.length === 0) throw new UsageError('watch needs at least one FILE');
  const projectName = single(args, '--project');
  const projectDirectory = single(args, '--project-directory');
  const project = loadOrFail({
    files,
    environment: process.env,
    ...(projectName ? { projectName } : {}),
    ...(projectDirectory ? { projectDirectory: resolve(projectDirectory) } : {}),
    ...(args.values.get('--env-file') ? { envFiles: (args.values.get('--env-file') ?? []).map((f) => resolve(f)) } : {}),
    ...(args.values.get('--profile') ? { profiles: args.values.get('--profile') ?? [] } : {}),
  });
  await withEngine(args, async (engine) => {
    let failures = 0;
    const onReport = (report: WatchReport): void => {
      if (!report.ok) failures++;
      out(report.message);
    };
    const watch = new ProjectWatch(engine, project, { client: CLIENT, onReport });
    await watch.initialSync();
    const watcher = watchPaths(watch.roots, (path) => watch.changed([path]));
    out(`watching project ${project.name}: ${watch.roots.join(', ')} (Ctrl-C stops)`);
    const stop = signal ?? interrupted();
    await new Promise<void>((done) => (stop.aborted ? done() : stop.addEventListener('abort', () => done(), { once: true })));
    watcher.close();
    await watch.idle();
    watch.dispose();
    out(`stopped watching project ${project.name}${failures > 0 ? ` (${failures} actions failed)` : ''}`);
  });
}

/** Aborted on the first SIGINT or SIGTERM. */
function interrupted(): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return controller.signal;
}
