import * as vscode from 'vscode';
import { restartComposeService, restartContainer, restartStackService } from '../engine';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import type { StevedoreContext } from '../context';
import { serviceTarget } from '../targets';

/**
 * Stevedore: Restart. A container (`{ container }`, from the explorer) restarts in place; a compose service restarts
 * all its containers; a swarm service is force-updated so the swarm replaces its tasks.
 */
export async function restart(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const { container, label } = readCommandArgs(COMMANDS.restart, arg);
  if (container) {
    const name = label || container.slice(0, 12);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Restarting ${name}` }, () =>
      restartContainer(engine, container),
    );
    return `restarted ${name}`;
  }
  const target = await serviceTarget(engine, arg);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Restarting ${target.service}` },
    () =>
      target.deployment.kind === 'compose'
        ? restartComposeService(engine, target.deployment.name, target.service)
        : restartStackService(engine, target.deployment.name, target.service),
  );
  for (const line of result.restarted) ctx.output.info(`restarted ${line}`);
  if (result.errors.length > 0)
    throw new Error(
      `${result.errors.join('; ')}${result.restarted.length > 0 ? `; restarted: ${result.restarted.join(', ')}` : ''}`,
    );
  return `restarted ${target.service}: ${result.restarted.join(', ')}`;
}
