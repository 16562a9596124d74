import { resolve } from 'node:path';
import { describePull, pullProjectImages, recreateService, setPaused, type ActionResult } from '../engine';
import { parseArgs, UsageError } from './args';
import { CommandFailed, loadOrFail, type Out } from './composeCommands';
import { CLIENT, CONNECTION, withEngine } from './engineCommands';
import { lockWaitPrinter } from './deployUi';
import { deployedFrom, observeProject } from '../engine';

/** `stevedore pause | unpause | recreate PROJECT SERVICE`: the everyday actions on a compose service. */
export async function actionCommand(action: 'pause' | 'unpause' | 'recreate', argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: CONNECTION, flags: [] });
  const [project, service, ...extra] = args.positional;
  if (!project || !service || extra.length > 0) throw new UsageError(`${action} needs a compose PROJECT and a SERVICE`);
  await withEngine(args, async (engine) => {
    let result: ActionResult;
    if (action === 'recreate') {
      const { files } = deployedFrom(await observeProject(engine.docker, project));
      if (files.length === 0) throw new UsageError(`project ${project} is not deployed on this engine`);
      const loaded = loadOrFail({ files, projectName: project, environment: process.env });
      const printer = lockWaitPrinter(out);
      result = await recreateService(engine, loaded, service, {
        client: CLIENT,
        onWait: (holder) => printer({ kind: 'compose', name: project }, holder),
      });
    } else result = await setPaused(engine, { project, service }, action === 'pause');
    const verb = action === 'recreate' ? 'recreated' : `${action}d`;
    for (const name of result.done) out(`${verb} ${name}`);
    for (const why of result.skipped) out(`left alone: ${why}`);
  });
}

/** `stevedore pull FILE...`: the project's images, a line per layer step and one per image; exit 1 when one failed. */
export async function pullCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, {
    values: [...CONNECTION, '--file', '--project'],
    flags: [],
    aliases: { '-f': '--file', '-p': '--project' },
  });
  const files = [...(args.values.get('--file') ?? []), ...args.positional].map((f) => resolve(f));
  if (files.length === 0) throw new UsageError('pull needs at least one FILE');
  const projectName = args.values.get('--project')?.[0];
  const project = loadOrFail({ files, environment: process.env, ...(projectName ? { projectName } : {}) });
  await withEngine(args, async (engine) => {
    let last = '';
    const outcomes = await pullProjectImages(engine, project, (p) => {
      // Byte counts change many times a second: a line when a layer's step changes, not on every chunk.
      const line = `${p.image} ${p.layer ? `${p.layer}: ` : ''}${p.status}`;
      if (line !== last) out(line);
      last = line;
    });
    for (const outcome of outcomes) out(describePull(outcome));
    if (outcomes.some((o) => o.status === 'failed')) throw new CommandFailed('some images were not pulled');
  });
}
