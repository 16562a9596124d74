import * as vscode from 'vscode';
import { createFsHost } from '../../../server/src/fsHost';
import { COMMANDS, loadProject, readCommandArgs, replicasEdit, type ComposeProject } from '../../../server/src/service';
import {
  applyComposePlan,
  composePs,
  deployedFrom,
  observeProject,
  planComposeScale,
  scaleStack,
  serviceMode,
  stackPs,
  waitForStack,
  withDeployLock,
  type Engine,
} from '../engine';
import { lockWaitNotice } from './deployUi';
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

async function deployedProject(engine: Engine, project: string): Promise<ComposeProject> {
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
  return loaded.project;
}

async function scaleCompose(engine: Engine, project: ComposeProject, service: string, count: number): Promise<string> {
  const plan = await planComposeScale(engine, project, { [service]: count });
  if (plan.blockers.length > 0) throw new Error(plan.blockers.join('; '));
  const result = await applyComposePlan(engine, plan);
  if (!result.ok) throw new Error(result.failed?.message ?? 'scale failed');
  return `${service} of ${project.name} scaled to ${count}`;
}

/**
 * What stands in the way of a count, checked while the user types (and again before acting): compose's fixed host
 * ports and container_name through the scale planner; a swarm service that is not replicated is refused at once.
 */
async function scaleChecker(
  engine: Engine,
  target: ServiceTarget,
  project: ComposeProject | undefined,
): Promise<(count: number) => Promise<string | undefined>> {
  if (project)
    return async (count) =>
      (await planComposeScale(engine, project, { [target.service]: count }).catch(() => undefined))?.blockers.join('; ') ||
      undefined;
  const name = `${target.deployment.name}_${target.service}`;
  if ((await serviceMode(engine, name)) === 'other')
    throw new Error(`${target.service} is a global service: it runs one task on every node and cannot be scaled`);
  return () => Promise.resolve(undefined);
}

function scaleWithProgress(
  engine: Engine,
  target: ServiceTarget,
  project: ComposeProject | undefined,
  count: number,
): Thenable<string> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Scaling ${target.service} to ${count}` },
    async () => {
      if (project) return scaleCompose(engine, project, target.service, count);
      const since = Date.now();
      await scaleStack(engine, target.deployment.name, { [target.service]: count });
      const converged = await waitForStack(engine, target.deployment.name, { since });
      if (!converged.ok) throw new Error(converged.message);
      return `${target.service} of stack ${target.deployment.name} scaled to ${count}`;
    },
  );
}

export async function scale(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const target = await serviceTarget(engine, arg);
  let count = readCommandArgs(COMMANDS.scale, arg).replicas;
  const project = target.deployment.kind === 'compose' ? await deployedProject(engine, target.deployment.name) : undefined;
  if (count === undefined) {
    const [current, check] = await Promise.all([currentCount(engine, target), scaleChecker(engine, target, project)]);
    const answer = await vscode.window.showInputBox({
      title: `Replicas of ${target.service}`,
      value: String(current),
      validateInput: (v) => (/^\d+$/.test(v.trim()) ? check(Number(v.trim())) : 'a whole number, 0 or more'),
    });
    if (answer === undefined) throw new Cancelled();
    count = Number(answer.trim());
    if (count === 0) {
      const where = ctx.engines.describe().local ? '' : ` on ${engine.endpoint.url}`;
      const sure = await vscode.window.showWarningMessage(
        `Scale ${target.service}${where} to 0? Every container of it stops.`,
        { modal: true },
        'Scale to 0',
      );
      if (sure !== 'Scale to 0') throw new Cancelled();
    }
  }
  // Another deploy, scale or down of the same project or stack goes first; the notification says whose.
  const notice = lockWaitNotice(ctx);
  const scaled = await withDeployLock(
    engine,
    target.deployment,
    { operation: 'scale', client: 'VS Code', onWait: (holder) => notice(target.deployment, holder) },
    () => Promise.resolve(scaleWithProgress(engine, target, project, count)),
  );
  const writeBack = readCommandArgs(COMMANDS.scale, arg).writeBack;
  if (writeBack === true) {
    const written = await writeCount(ctx, engine, target, count, arg, false);
    return written ? `${scaled}; ${written}` : scaled;
  }
  // Offered, not awaited: the scale is done, and the question stays in the notification until answered.
  if (writeBack !== false)
    void writeCount(ctx, engine, target, count, arg, true).catch((error: unknown) =>
      ctx.output.error(`writing the count back failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  return scaled;
}

/** The file the service is written in: the lens's, else (compose) the files the project was deployed from. */
async function fileOf(engine: Engine, target: ServiceTarget, arg: unknown): Promise<vscode.Uri | undefined> {
  const given = readCommandArgs(COMMANDS.scale, arg).file;
  if (given?.startsWith('file:')) return vscode.Uri.parse(given);
  if (target.deployment.kind !== 'compose') return undefined;
  const { files } = deployedFrom(await observeProject(engine.docker, target.deployment.name));
  for (const file of files) {
    const uri = vscode.Uri.file(file);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      if (replicasEdit(document.getText(), target.service, 0).ok) return uri;
    } catch {
      // a file that is gone since the deploy: nothing to write back to
    }
  }
  return undefined;
}

/**
 * After a scale, offers to write the count into the file as `deploy.replicas` (a minimal edit through a
 * WorkspaceEdit: comments and formatting stay; undo works), so the next Deploy does not scale back.
 */
async function writeCount(
  ctx: StevedoreContext,
  engine: Engine,
  target: ServiceTarget,
  count: number,
  arg: unknown,
  ask: boolean,
): Promise<string | undefined> {
  const uri = await fileOf(engine, target, arg);
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  const result = replicasEdit(document.getText(), target.service, count);
  const name = vscode.workspace.asRelativePath(uri);
  if (!result.ok) {
    ctx.output.info(`the new count of ${target.service} is not written to ${name}: ${result.reason}`);
    return undefined;
  }
  if (ask) {
    const answer = await vscode.window.showInformationMessage(
      `${target.service} scaled to ${count}. Write replicas: ${count} to ${name}?`,
      'Write to File',
    );
    if (answer !== 'Write to File') return undefined;
  }
  const { offset, length, text } = result.edit;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(document.positionAt(offset), document.positionAt(offset + length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`${name} could not be edited`);
  await document.save();
  return `replicas: ${count} written to ${name}`;
}
