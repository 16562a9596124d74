import * as vscode from 'vscode';
import { swarmState } from '../engine';
import type { StevedoreContext } from '../context';

/** Stevedore: Show Docker Engine. Says which engine this workspace talks to, its version and its Swarm state. */
export async function showEngine(ctx: StevedoreContext): Promise<string> {
  const engine = await ctx.engines.get();
  const swarm = (await swarmState(engine)).localNodeState;
  const message =
    `Docker Engine ${engine.serverVersion} (API ${engine.apiVersion}) at ${engine.endpoint.url}` +
    ` (${engine.endpoint.source}); swarm: ${swarm}`;
  ctx.output.info(message);
  void vscode.window.showInformationMessage(message);
  return message;
}
