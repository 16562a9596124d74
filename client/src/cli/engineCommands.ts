import { dirname, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { classifyFile } from '../../../server/src/service';
import { connectEngine, type Engine } from '../engine';
import { parseArgs, single, UsageError, type ParsedArgs } from './args';
import { deployCompose, downCompose, psCompose, scaleCompose, type Out } from './composeCommands';
import { deployStackCommand, downStack, isStack, psStack, scaleStackCommand } from './stackCommands';

/** `stevedore deploy | scale | down | ps`: one engine connection per command, compose projects or swarm stacks. */

export const CONNECTION = ['--host', '--context'];

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

export async function deployCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, {
    values: [...CONNECTION, '--file', '--project', '--stack', '--env-file', '--profile', '--service', '--project-directory'],
    flags: ['--dry-run', '--prune', '--remove-orphans', '--build'],
    aliases: { '-p': '--project', '-s': '--stack', '-f': '--file' },
  });
  const files = [...(args.values.get('--file') ?? []), ...args.positional].map((f) => resolve(f));
  if (files.length === 0) throw new UsageError('deploy needs at least one FILE');
  const project = single(args, '--project');
  let stack = single(args, '--stack');
  if (project && stack) throw new UsageError('give --project or --stack, not both');
  if (!project && !stack && files.every(looksLikeStack)) {
    stack =
      resolve(dirname(files[0] ?? '.'))
        .split('/')
        .pop()
        ?.toLowerCase()
        .replace(/[^a-z0-9_-]/g, '') || 'stack';
    out(
      `${files.length > 1 ? 'these are stack files' : 'this is a stack file'}: deploying as swarm stack ${stack} (give --project NAME to run it as a compose project)`,
    );
  }
  await withEngine(args, async (engine) => {
    if (stack) {
      await deployStackCommand(
        engine,
        files,
        stack,
        { dryRun: args.flags.has('--dry-run'), prune: args.flags.has('--prune') },
        out,
      );
      return;
    }
    const projectDirectory = single(args, '--project-directory');
    await deployCompose(
      engine,
      {
        files,
        environment: process.env,
        ...(project ? { projectName: project } : {}),
        ...(projectDirectory ? { projectDirectory: resolve(projectDirectory) } : {}),
        ...(args.values.get('--env-file') ? { envFiles: (args.values.get('--env-file') ?? []).map((f) => resolve(f)) } : {}),
        ...(args.values.get('--profile') ? { profiles: args.values.get('--profile') ?? [] } : {}),
      },
      {
        dryRun: args.flags.has('--dry-run'),
        removeOrphans: args.flags.has('--remove-orphans') || args.flags.has('--prune'),
        build: args.flags.has('--build'),
        services: args.values.get('--service') ?? [],
      },
      out,
    );
  });
}

export async function scaleCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: [...CONNECTION, '--file'], flags: [], aliases: { '-f': '--file' } });
  const [name, ...rest] = args.positional;
  if (!name) throw new UsageError('scale needs a project or stack NAME');
  const replicas = replicaArgs(rest);
  await withEngine(args, async (engine) => {
    if (await isStack(engine, name)) await scaleStackCommand(engine, name, replicas, out);
    else
      await scaleCompose(
        engine,
        name,
        replicas,
        (args.values.get('--file') ?? []).map((f) => resolve(f)),
        out,
      );
  });
}

export async function downCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: CONNECTION, flags: ['--volumes'], aliases: { '-v': '--volumes' } });
  const [name] = args.positional;
  if (!name || args.positional.length > 1) throw new UsageError('down needs one project or stack NAME');
  await withEngine(args, async (engine) => {
    if (await isStack(engine, name)) await downStack(engine, name, out);
    else await downCompose(engine, name, args.flags.has('--volumes'), out);
  });
}

export async function psCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: CONNECTION, flags: [] });
  const [name] = args.positional;
  if (!name || args.positional.length > 1) throw new UsageError('ps needs one project or stack NAME');
  await withEngine(args, async (engine) => {
    if (await isStack(engine, name)) await psStack(engine, name, out);
    else await psCompose(engine, name, out);
  });
}
