import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { createFsHost } from '../../../server/src/fsHost';
import { COMMANDS, loadProject, normalizeProjectName, readCommandArgs, type ComposeProject } from '../../../server/src/service';
import {
  applyComposePlan,
  applyStackPlan,
  describeOperation,
  describeStackOperation,
  isEmptyPlan,
  isEmptyStackPlan,
  planComposeDeploy,
  planStack,
  describeConvergence,
  waitForStack,
  type Engine,
} from '../engine';
import type { StevedoreContext } from '../context';
import { Cancelled, fileTarget } from '../targets';

/**
 * Stevedore: Deploy. The active compose file becomes a compose project on the engine, a stack file a swarm stack;
 * a compose file a swarm could also run as a stack asks which (remembered per file in the workspace state). The
 * plan is shown first, one line per operation with its reason, and applied only when accepted; progress per step
 * in a notification, every step in the output channel, a summary at the end, and on failure the output channel
 * opened at the error (the command wrapper's notification has "Show Log").
 */

type DeployKind = 'compose' | 'stack';
const rememberKey = (uri: vscode.Uri): string => `stevedore.deployAs:${uri.toString()}`;

/** What the user chose for this file when asked compose project or swarm stack, if they were. */
export function rememberedDeployKind(state: vscode.Memento, uri: vscode.Uri): DeployKind | undefined {
  const value = state.get<unknown>(rememberKey(uri));
  return value === 'compose' || value === 'stack' ? value : undefined;
}

async function confirmPlan(title: string, lines: readonly string[], blockers: readonly string[]): Promise<boolean> {
  const apply: vscode.QuickPickItem = { label: `$(rocket) Apply`, description: `${lines.length} operation(s)`, alwaysShow: true };
  const items: vscode.QuickPickItem[] = [
    ...(blockers.length > 0 ? [] : [apply]),
    ...blockers.map((b) => ({ label: `$(error) ${b}` })),
    ...lines.map((line) => ({ label: line.split(':')[0] ?? line, detail: line.slice(line.indexOf(':') + 1).trim() })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: blockers.length > 0 ? 'This plan cannot be applied' : 'Apply this plan?',
    ignoreFocusOut: true,
  });
  return pick === apply;
}

function loadCompose(uri: vscode.Uri): ComposeProject {
  const loaded = loadProject(createFsHost(), { files: [uri.fsPath], environment: process.env });
  if (!loaded.ok) throw new Error(`the project cannot be loaded: ${loaded.problems.map((p) => p.message).join('; ')}`);
  return loaded.project;
}

/**
 * A compose file is ambiguous when a swarm could run it too: the engine is a swarm manager and every service names
 * an image (a stack cannot build). Then the user chooses, once per file.
 */
async function deployKind(
  ctx: StevedoreContext,
  engine: Engine,
  uri: vscode.Uri,
  fileKind: DeployKind,
  arg: unknown,
): Promise<DeployKind> {
  if (fileKind === 'stack') return 'stack';
  const state = ctx.extension.workspaceState;
  const given = readCommandArgs(COMMANDS.deploy, arg).as;
  if (given) {
    await state.update(rememberKey(uri), given);
    return given;
  }
  const remembered = rememberedDeployKind(state, uri);
  if (remembered) return remembered;
  const info = (await engine.docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
  if (!info.Swarm?.ControlAvailable) return 'compose';
  const project = loadCompose(uri);
  if (!Object.values(project.services).every((s) => s.image && !s.build)) return 'compose';
  type Choice = vscode.QuickPickItem & { deployAs: DeployKind };
  const choices: Choice[] = [
    { label: `$(package) Compose project ${project.name}`, description: 'containers on this engine', deployAs: 'compose' },
    { label: `$(layers) Swarm stack ${stackNameOf(uri, project)}`, description: 'services on the swarm', deployAs: 'stack' },
  ];
  const pick = await vscode.window.showQuickPick(choices, {
    title: `Deploy ${vscode.workspace.asRelativePath(uri)} as`,
    placeHolder: 'This file can run as either; the answer is remembered for this file in this workspace',
    ignoreFocusOut: true,
  });
  if (!pick) throw new Cancelled();
  await state.update(rememberKey(uri), pick.deployAs);
  return pick.deployAs;
}

/** A stack file's stack is named after its folder (as `docker stack deploy` users name it); a compose file keeps its project name. */
export function stackNameOf(uri: vscode.Uri, project?: ComposeProject): string {
  return project?.name ?? (normalizeProjectName(basename(dirname(uri.fsPath))) || 'stack');
}

export async function deploy(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const { uri, kind: fileKind } = await fileTarget(arg);
  const engine = await ctx.engines.get();
  const kind = await deployKind(ctx, engine, uri, fileKind, arg);
  try {
    const message =
      kind === 'stack'
        ? await deployStack(ctx, engine, uri, fileKind === 'compose' ? loadCompose(uri) : undefined, arg)
        : await deployCompose(ctx, engine, uri, arg);
    void vscode.window.showInformationMessage(message);
    return message;
  } catch (error) {
    if (!(error instanceof Cancelled)) {
      ctx.output.error(
        `deploy of ${vscode.workspace.asRelativePath(uri)} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      ctx.output.show(true);
    }
    throw error;
  }
}

async function deployStack(
  ctx: StevedoreContext,
  engine: Engine,
  uri: vscode.Uri,
  fromCompose: ComposeProject | undefined,
  arg: unknown,
): Promise<string> {
  const stack = stackNameOf(uri, fromCompose);
  if (readCommandArgs(COMMANDS.deploy, arg).services)
    throw new Error(
      `stack ${stack} is deployed as a whole (a swarm has no "one service and its dependencies"): use Deploy on services:`,
    );
  const loaded = loadProject(createFsHost(), { files: [uri.fsPath], projectName: stack, environment: process.env, stack: true });
  if (!loaded.ok) throw new Error(`the stack file cannot be loaded: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const plan = await planStack(engine, loaded.project, stack);
  const lines = plan.operations.map(describeStackOperation);
  ctx.output.info(`plan for stack ${stack}:\n${lines.join('\n')}`);
  if (isEmptyStackPlan(plan) && plan.blockers.length === 0) return `stack ${stack} is up to date`;
  if (!(await confirmPlan(`Deploy stack ${stack} to ${engine.endpoint.url}`, lines, plan.blockers))) throw new Cancelled();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deploying stack ${stack}` },
    async (progress) => {
      const since = Date.now();
      const result = await applyStackPlan(engine, plan, {
        onProgress: (e) => (ctx.output.info(e.message), progress.report({ message: e.message })),
      });
      if (!result.ok)
        throw new Error(
          `${result.failed?.message ?? 'failed'}; done before it: ${result.done.map(describeStackOperation).join('; ') || 'nothing'}`,
        );
      const converged = await waitForStack(engine, stack, {
        since,
        // Live: counts, the rolling update's state and the tasks' errors, in the notification and the output.
        onProgress: (s) => {
          const lines = s.map(describeConvergence);
          ctx.output.info(lines.join('\n'));
          progress.report({ message: lines.join(' · ') });
        },
      });
      if (!converged.ok) throw new Error(`stack ${stack} deployed, but not converged: ${converged.message}`);
      return `stack ${stack} deployed: ${converged.message}`;
    },
  );
}

async function deployCompose(ctx: StevedoreContext, engine: Engine, uri: vscode.Uri, arg: unknown): Promise<string> {
  const project = loadCompose(uri);
  const services = readCommandArgs(COMMANDS.deploy, arg).services ?? [];
  const plan = await planComposeDeploy(engine, project, services.length > 0 ? { services } : {});
  const lines = plan.operations.map(describeOperation);
  const scope = services.length > 0 ? ` (${services.join(', ')} and dependencies: ${plan.order.join(', ')})` : '';
  ctx.output.info(`plan for project ${project.name}${scope}:\n${lines.join('\n')}`);
  if (isEmptyPlan(plan) && plan.blockers.length === 0) return `project ${project.name}${scope} is up to date`;
  if (!(await confirmPlan(`Deploy project ${project.name}${scope} to ${engine.endpoint.url}`, lines, plan.blockers)))
    throw new Cancelled();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deploying ${project.name}` },
    async (progress) => {
      const result = await applyComposePlan(engine, plan, {
        onProgress: (e) => {
          if (e.phase === 'started') progress.report({ message: e.message });
          ctx.output.info(`${e.phase}: ${e.message}`);
        },
      });
      const changes = result.done.filter((op) => op.kind !== 'keep-container');
      if (!result.ok)
        throw new Error(
          `${result.failed?.message ?? 'failed'}; done before it: ${changes.map(describeOperation).join('; ') || 'nothing'}`,
        );
      const ran = plan.order.length > 0 && services.length > 0 ? ` (services ${plan.order.join(', ')})` : '';
      return `project ${project.name} deployed: ${changes.length} change(s)${ran}`;
    },
  );
}
