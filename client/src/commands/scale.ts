import * as vscode from 'vscode';
import { createFsHost } from '../../../server/src/fsHost';
import { loadProject } from '../../../server/src/service';
import {
  applyComposePlan,
  composePs,
  deployedFrom,
  observeProject,
  planComposeScale,
  scaleStack,
  stackPs,
  waitForStack,
  type Engine,
} from '../engine';
import type { StevedoreContext } from '../context';
import { Cancelled, serviceTarget, type ServiceTarget } from '../targets';

/**
 * Stevedore: Scale. Asks for the count (pre-filled with the current one), checks it before acting (fixed host
 * ports, container_name, global services), and changes only the replicas that come or go.
 */

async function currentCount(engine: Engine, target: ServiceTarget): Promise<number> {
  if (target.deployment.kind === 'compose')
    return (await composePs(engine, target.deployment.name)).find((s) => s.service === target.service)?.total ?? 0;
  return (
    (await stackPs(engine, target.deployment.name)).find((s) => s.name === `${target.deployment.name}_${target.service}`)
      ?.desired ?? 0
  );
}

async function scaleCompose(engine: Engine, project: string, service: string, count: number): Promise<string> {
  const { files, workingDir } = deployedFrom(await observeProject(engine.docker, project));
  const loaded = loadProject(createFsHost(), {
    files,
    projectName: project,
    environment: process.env,
    ...(workingDir ? { projectDirectory: workingDir } : {}),
  });
  if (!loaded.ok)
    throw new Error(
      `project ${project} cannot be loaded from ${files.join(', ')}: ${loaded.problems.map((p) => p.message).join('; ')}`,
    );
  const plan = await planComposeScale(engine, loaded.project, { [service]: count });
  if (plan.blockers.length > 0) throw new Error(plan.blockers.join('; '));
  const result = await applyComposePlan(engine, plan);
  if (!result.ok) throw new Error(result.failed?.message ?? 'scale failed');
  return `${service} of ${project} scaled to ${count}`;
}

export async function scale(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const target = await serviceTarget(engine, arg);
  const given = (arg as { replicas?: unknown } | undefined)?.replicas;
  let count = typeof given === 'number' ? given : undefined;
  if (count === undefined) {
    const current = await currentCount(engine, target);
    const answer = await vscode.window.showInputBox({
      title: `Replicas of ${target.service}`,
      value: String(current),
      validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'a whole number, 0 or more'),
    });
    if (answer === undefined) throw new Cancelled();
    count = Number(answer.trim());
    if (count === 0) {
      const sure = await vscode.window.showWarningMessage(
        `Scale ${target.service} to 0? Every container of it stops.`,
        { modal: true },
        'Scale to 0',
      );
      if (sure !== 'Scale to 0') throw new Cancelled();
    }
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Scaling ${target.service} to ${count}` },
    async () => {
      if (target.deployment.kind === 'compose') return scaleCompose(engine, target.deployment.name, target.service, count);
      const since = Date.now();
      await scaleStack(engine, target.deployment.name, { [target.service]: count });
      const converged = await waitForStack(engine, target.deployment.name, { since });
      if (!converged.ok) throw new Error(converged.message);
      return `${target.service} of stack ${target.deployment.name} scaled to ${count}`;
    },
  );
}
