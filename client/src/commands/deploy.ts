import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { createFsHost } from '../../../server/src/fsHost';
import { loadProject, normalizeProjectName } from '../../../server/src/service';
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
} from '../engine';
import type { StevedoreContext } from '../context';
import { Cancelled, fileTarget } from '../targets';

/**
 * Stevedore: Deploy. The active compose file becomes a compose project on the engine, a stack file a swarm stack.
 * The plan is shown first, one line per operation with its reason, and applied only when accepted; progress per
 * step in a notification, every step in the output channel, and on failure what was done and what was not.
 */

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

export async function deploy(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const { uri, kind } = await fileTarget(arg);
  const engine = await ctx.engines.get();
  const env = process.env;
  if (kind === 'stack') {
    const stack = normalizeProjectName(basename(dirname(uri.fsPath))) || 'stack';
    const loaded = loadProject(createFsHost(), { files: [uri.fsPath], projectName: stack, environment: env, stack: true });
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
  const loaded = loadProject(createFsHost(), { files: [uri.fsPath], environment: env });
  if (!loaded.ok) throw new Error(`the project cannot be loaded: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const project = loaded.project;
  const only = (arg as { services?: unknown } | undefined)?.services;
  const services = Array.isArray(only) ? only.filter((s): s is string => typeof s === 'string') : [];
  const plan = await planComposeDeploy(engine, project, services.length > 0 ? { services } : {});
  const lines = plan.operations.map(describeOperation);
  ctx.output.info(`plan for project ${project.name}:\n${lines.join('\n')}`);
  if (isEmptyPlan(plan) && plan.blockers.length === 0) return `project ${project.name} is up to date`;
  if (!(await confirmPlan(`Deploy project ${project.name} to ${engine.endpoint.url}`, lines, plan.blockers)))
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
      if (!result.ok)
        throw new Error(
          `${result.failed?.message ?? 'failed'}; done before it: ${
            result.done
              .filter((op) => op.kind !== 'keep-container')
              .map(describeOperation)
              .join('; ') || 'nothing'
          }`,
        );
      return `project ${project.name} deployed: ${result.done.filter((op) => op.kind !== 'keep-container').length} change(s)`;
    },
  );
}
