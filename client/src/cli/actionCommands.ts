import { recreateService, setPaused, type ActionResult } from '../engine';
import { parseArgs, UsageError } from './args';
import { loadOrFail, type Out } from './composeCommands';
import { CONNECTION, withEngine } from './engineCommands';
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
      result = await recreateService(engine, loadOrFail({ files, projectName: project, environment: process.env }), service);
    } else result = await setPaused(engine, { project, service }, action === 'pause');
    const verb = action === 'recreate' ? 'recreated' : `${action}d`;
    for (const name of result.done) out(`${verb} ${name}`);
    for (const why of result.skipped) out(`left alone: ${why}`);
  });
}
