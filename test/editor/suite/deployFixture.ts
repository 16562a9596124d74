import * as vscode from 'vscode';
import type { CommandRun, StevedoreApi } from '../../../client/src/context';
import { next } from './events';

/**
 * Deploys a fixture's compose file as a user would from the palette, and waits for the command's result. Deploy may
 * ask questions (profiles, the plan's confirmation): each is answered with its selected item until the project has a
 * container. It is deployed as compose (the choice is given, so a file that could run as a stack is not asked).
 */
export async function deployFixture(
  api: StevedoreApi,
  file: vscode.Uri,
  containers: () => Promise<readonly unknown[]>,
  /** The command's argument beyond `as` (a lens's, say); the file's own by default. */
  args: object = { uri: file.toString() },
): Promise<CommandRun> {
  const done = next(api.onDidRunCommand, (r) => r.command === 'stevedore.deploy', 90_000, `the deploy of ${file.path}`);
  void vscode.commands.executeCommand('stevedore.deploy', { ...args, as: 'compose' });
  for (let i = 0; i < 100 && (await containers()).length === 0; i++) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return done;
}
