import * as vscode from 'vscode';
import { composeDown, removeStack } from '../engine';
import type { StevedoreContext } from '../context';
import { Cancelled, deploymentTarget } from '../targets';

/** Stevedore: Down / Remove Stack. Asks first, naming the engine when it is not the local one. */
export async function down(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const target = await deploymentTarget(engine, arg);
  const where = ctx.engines.describe().local ? '' : ` on ${engine.endpoint.url}`;
  const what = target.kind === 'compose' ? `project ${target.name}` : `stack ${target.name}`;
  const confirmed = (arg as { confirmed?: boolean } | undefined)?.confirmed === true;
  if (!confirmed) {
    const answer = await vscode.window.showWarningMessage(
      `Remove ${what}${where}? Its containers and networks go; named volumes stay.`,
      { modal: true },
      'Remove',
    );
    if (answer !== 'Remove') throw new Cancelled();
  }
  if (target.kind === 'compose') {
    const result = await composeDown(engine, target.name);
    if (result.errors.length > 0) throw new Error(result.errors.join('; '));
    return `removed ${what}: ${result.removedContainers.length} container(s), ${result.removedNetworks.length} network(s)`;
  }
  const result = await removeStack(engine, target.name);
  if (result.errors.length > 0) throw new Error(result.errors.join('; '));
  return `removed ${what}: ${result.removed.join(', ')}`;
}
