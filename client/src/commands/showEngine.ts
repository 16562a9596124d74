import * as vscode from 'vscode';
import { connectEngine } from '../engine';
import type { StevedoreContext } from '../context';

/** Stevedore: Show Docker Engine. Says which engine Stevedore talks to, its version and its Swarm state. */
export async function showEngine(ctx: StevedoreContext): Promise<string> {
  const engine = await connectEngine();
  let info: { Swarm?: { LocalNodeState?: string }; Name?: string };
  try {
    info = (await engine.docker.info()) as typeof info;
  } finally {
    await engine.dispose();
  }
  const swarm = info.Swarm?.LocalNodeState ?? 'unknown';
  const message =
    `Docker Engine ${engine.serverVersion} (API ${engine.apiVersion}) at ${engine.endpoint.url}` +
    ` (${engine.endpoint.source}); swarm: ${swarm}`;
  ctx.output.info(message);
  void vscode.window.showInformationMessage(message);
  return message;
}
