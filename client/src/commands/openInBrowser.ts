import * as vscode from 'vscode';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import { containerUrls } from '../engine';
import type { StevedoreContext } from '../context';
import { Cancelled, containerTarget } from '../targets';

/**
 * Stevedore: Open in Browser: a published TCP port of a container (or of a service's container), at the engine's
 * host (browserUrls: not `localhost` for a remote engine). Several ports: a pick. `url` in the result.
 */
export async function openInBrowser(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  readCommandArgs(COMMANDS.openInBrowser, arg);
  const target = await containerTarget(engine, arg);
  const urls = await containerUrls(engine, target.id);
  if (urls.length === 0) throw new Error(`${target.label} publishes no TCP port`);
  const chosen =
    urls.length === 1
      ? urls[0]
      : (
          await vscode.window.showQuickPick(
            urls.map((u) => ({ label: u.url, description: `container port ${u.target}`, u })),
            {
              title: `Open which port of ${target.label}?`,
            },
          )
        )?.u;
  if (!chosen) throw new Cancelled();
  await vscode.env.openExternal(vscode.Uri.parse(chosen.url));
  return `opened ${chosen.url}`;
}
