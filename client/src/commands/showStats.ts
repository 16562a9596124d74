import * as vscode from 'vscode';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import type { StevedoreContext } from '../context';
import { Cancelled } from '../targets';

/** Stevedore: Show Resource Use: charts of a project's or stack's containers (a tree item's, or one typed). */
export async function showStats(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const args = readCommandArgs(COMMANDS.showStats, arg);
  const name =
    args.project ??
    args.stack ??
    (await vscode.window.showInputBox({ title: 'Resource use', prompt: 'A compose project, stack or container name' }));
  if (!name) throw new Cancelled();
  ctx.stats.show(name);
  return `resource use of ${name}`;
}
