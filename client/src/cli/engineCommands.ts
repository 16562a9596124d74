import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { createFsHost } from '../../../server/src/fsHost';
import { classifyFile } from '../../../server/src/service';
import {
  connectEngine,
  DeployLockHeld,
  enginePort,
  runDeploy,
  stackExists,
  withDeployLock,
  type DeployRequest,
  type Engine,
  type LockTarget,
} from '../engine';
import { parseArgs, single, UsageError, type ParsedArgs } from './args';
import { CommandFailed, downCompose, psCompose, scaleCompose, type Out } from './composeCommands';
import { cliDeployUi, lockWaitPrinter, reportDeploy, terminalAsk, type Ask } from './deployUi';
import { downStack, psStack, scaleStackCommand } from './stackCommands';

/** `stevedore deploy | scale | down | ps`: one engine connection per command, compose projects or swarm stacks. */

export const CONNECTION = ['--host', '--context'];

/** The program as a deploy lock's holder names it. */
export const CLIENT = 'stevedore CLI';

export async function withEngine<T>(args: ParsedArgs, work: (engine: Engine) => Promise<T>): Promise<T> {
  const host = single(args, '--host');
  const context = single(args, '--context');
  if (host && context) throw new UsageError('give --host or --context, not both');
  const engine = await connectEngine({ ...(host ? { host } : {}), ...(context ? { context } : {}) });
  try {
    return await work(engine);
  } finally {
    await engine.dispose();
  }
}

function replicaArgs(words: readonly string[]): Record<string, number> {
  const replicas: Record<string, number> = {};
  for (const word of words) {
    const match = /^([^=]+)=(\d+)$/.exec(word);
    if (!match?.[1]) throw new UsageError(`expected SERVICE=N, got '${word}'`);
    replicas[match[1]] = Number(match[2]);
  }
  if (Object.keys(replicas).length === 0) throw new UsageError('scale needs at least one SERVICE=N');
  return replicas;
}

const looksLikeStack = (file: string): boolean => {
  try {
    return classifyFile(`file://${resolve(file)}`, readFileSync(file, 'utf8')) === 'stack';
  } catch {
    return false;
  }
};

/** `stevedore deploy`: the engine's deploy use case, with the answers from the flags or the terminal (cliDeployUi). */
export async function deployCommand(argv: readonly string[], out: Out, ask: Ask | undefined = terminalAsk()): Promise<void> {
  const args = parseArgs(argv, {
    values: [...CONNECTION, '--file', '--project', '--stack', '--env-file', '--profile', '--service', '--project-directory'],
    flags: ['--dry-run', '--prune', '--remove-orphans', '--build', '--yes', '--no-wait', '--recreate-volumes'],
    aliases: { '-p': '--project', '-s': '--stack', '-f': '--file', '-y': '--yes' },
  });
  const files = [...(args.values.get('--file') ?? []), ...args.positional].map((f) => resolve(f));
  if (files.length === 0) throw new UsageError('deploy needs at least one FILE');
  const project = single(args, '--project');
  const stack = single(args, '--stack');
  if (project && stack) throw new UsageError('give --project or --stack, not both');
  const projectDirectory = single(args, '--project-directory');
  const request: DeployRequest = {
    host: createFsHost(),
    files,
    fileKind: files.every(looksLikeStack) ? 'stack' : 'compose',
    ...(project ? { as: 'compose', name: project } : stack ? { as: 'stack', name: stack } : {}),
    load: {
      environment: process.env,
      ...(projectDirectory ? { projectDirectory: resolve(projectDirectory) } : {}),
      ...(args.values.get('--env-file') ? { envFiles: (args.values.get('--env-file') ?? []).map((f) => resolve(f)) } : {}),
      ...(args.values.get('--profile') ? { profiles: args.values.get('--profile') ?? [] } : {}),
    },
    services: args.values.get('--service') ?? [],
    dryRun: args.flags.has('--dry-run'),
    prune: args.flags.has('--prune'),
    removeOrphans: args.flags.has('--remove-orphans') || args.flags.has('--prune'),
    build: args.flags.has('--build'),
    wait: !args.flags.has('--no-wait'),
    recreateVolumes: args.flags.has('--recreate-volumes'),
  };
  const ui = cliDeployUi({ files: files.length, yes: args.flags.has('--yes'), ask }, out);
  await withEngine(args, async (engine) => reportDeploy(await runDeploy(request, enginePort(engine, CLIENT), ui), out));
}

/** Runs `work` holding the deploy lock of `target`: waits (saying for whom) or, with --no-wait, refuses at once. */
async function holdingLock(
  engine: Engine,
  target: LockTarget,
  operation: string,
  args: ParsedArgs,
  out: Out,
  work: () => Promise<void>,
): Promise<void> {
  const printer = lockWaitPrinter(out);
  try {
    await withDeployLock(
      engine,
      target,
      { operation, client: CLIENT, wait: !args.flags.has('--no-wait'), onWait: (holder) => printer(target, holder) },
      work,
    );
  } catch (error) {
    if (error instanceof DeployLockHeld)
      throw new CommandFailed(`${error.message}; nothing was changed (without --no-wait, ${operation} waits for it)`);
    throw error;
  }
}

export async function scaleCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: [...CONNECTION, '--file'], flags: ['--no-wait'], aliases: { '-f': '--file' } });
  const [name, ...rest] = args.positional;
  if (!name) throw new UsageError('scale needs a project or stack NAME');
  const replicas = replicaArgs(rest);
  await withEngine(args, async (engine) => {
    const kind = (await stackExists(engine, name)) ? 'stack' : 'compose';
    const files = (args.values.get('--file') ?? []).map((f) => resolve(f));
    await holdingLock(engine, { kind, name }, 'scale', args, out, () =>
      kind === 'stack' ? scaleStackCommand(engine, name, replicas, out) : scaleCompose(engine, name, replicas, files, out),
    );
  });
}

export async function downCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: CONNECTION, flags: ['--volumes', '--no-wait'], aliases: { '-v': '--volumes' } });
  const [name] = args.positional;
  if (!name || args.positional.length > 1) throw new UsageError('down needs one project or stack NAME');
  await withEngine(args, async (engine) => {
    const kind = (await stackExists(engine, name)) ? 'stack' : 'compose';
    await holdingLock(engine, { kind, name }, 'down', args, out, () =>
      kind === 'stack' ? downStack(engine, name, out) : downCompose(engine, name, args.flags.has('--volumes'), out),
    );
  });
}

export async function psCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: CONNECTION, flags: [] });
  const [name] = args.positional;
  if (!name || args.positional.length > 1) throw new UsageError('ps needs one project or stack NAME');
  await withEngine(args, async (engine) => {
    if (await stackExists(engine, name)) await psStack(engine, name, out);
    else await psCompose(engine, name, out);
  });
}
