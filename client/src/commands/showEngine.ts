import * as vscode from 'vscode';
import type { StevedoreContext } from '../context';

/** Stevedore: Show Docker Engine. Says which engine this workspace talks to, its version and its Swarm state. */
export async function showEngine(ctx: StevedoreContext): Promise<string> {
  const engine = await ctx.engines.get();
  const info = (await engine.docker.info()) as { Swarm?: { LocalNodeState?: string }; Name?: string };
  const swarm = info.Swarm?.LocalNodeState ?? 'unknown';
  const message =
    `Docker Engine ${engine.serverVersion} (API ${engine.apiVersion}) at ${engine.endpoint.url}` +
    ` (${engine.endpoint.source}); swarm: ${swarm}`;
  ctx.output.info(message);
  void vscode.window.showInformationMessage(message);
  return message;
}
