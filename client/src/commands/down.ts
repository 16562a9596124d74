import * as vscode from 'vscode';
import { composeDown, removeStack as removeStackOnEngine, withDeployLock, type Engine } from '../engine';
import { lockWaitNotice } from './deployUi';
import type { StevedoreContext } from '../context';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import { Cancelled, deploymentTarget } from '../targets';
import { stackNameOf } from './deploy';

/**
 * Stevedore: Down (a compose project, or a stack when given one) and Stevedore: Remove Stack. Both ask first, naming
 * the engine when it is not the local one; `{ confirmed: true }` skips the question (tests, scripts).
 */
export async function down(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  return remove(ctx, arg, undefined);
}

/** From the editor title of a stack file, the argument is the file: its stack is named after its folder, as Deploy names it. */
export async function removeStack(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  return remove(ctx, arg instanceof vscode.Uri ? { stack: stackNameOf(arg) } : arg, 'stack');
}

async function remove(ctx: StevedoreContext, arg: unknown, only: 'stack' | undefined): Promise<string> {
  const engine = await ctx.engines.get();
  const target = await deploymentTarget(engine, arg, only);
  const where = ctx.engines.describe().local ? '' : ` on ${engine.endpoint.url}`;
  const what = target.kind === 'compose' ? `project ${target.name}` : `stack ${target.name}`;
  const confirmed = readCommandArgs(COMMANDS.down, arg).confirmed === true;
  if (!confirmed) {
    const consequence =
      target.kind === 'compose'
        ? 'Its containers and networks go; named volumes stay.'
        : 'Its services, networks, secrets and configs go; volumes stay.';
    const action = target.kind === 'compose' ? 'Remove' : 'Remove Stack';
    const answer = await vscode.window.showWarningMessage(`Remove ${what}${where}? ${consequence}`, { modal: true }, action);
    if (answer !== action) throw new Cancelled();
  }
  const notice = lockWaitNotice(ctx);
  return withDeployLock(
    engine,
    target,
    { operation: 'down', client: 'VS Code', onWait: (holder) => notice(target, holder) },
    () => removeNow(engine, target, `${what}${where}`),
  );
}

async function removeNow(engine: Engine, target: { kind: 'compose' | 'stack'; name: string }, what: string): Promise<string> {
  // Stopping takes each container's stop grace period: the user sees it go, one container at a time, and the end.
  const progress = { location: vscode.ProgressLocation.Notification, title: `Removing ${what}` };
  if (target.kind === 'compose') {
    const result = await vscode.window.withProgress(progress, (report) =>
      composeDown(engine, target.name, {
        onRemoved: (container, done, total) =>
          report.report({ message: `${container} (${done}/${total})`, increment: 100 / total }),
      }),
    );
    if (result.errors.length > 0) throw new Error(result.errors.join('; '));
    return told(`removed ${what}: ${result.removedContainers.length} container(s), ${result.removedNetworks.length} network(s)`);
  }
  const result = await vscode.window.withProgress(progress, () => removeStackOnEngine(engine, target.name));
  if (result.errors.length > 0) throw new Error(result.errors.join('; '));
  return told(`removed ${what}: ${result.removed.join(', ')}`);
}

/** The final message, shown to the user as well as returned. */
function told(message: string): string {
  void vscode.window.showInformationMessage(`Stevedore: ${message}`);
  return message;
}
