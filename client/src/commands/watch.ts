import * as vscode from 'vscode';
import { createFsHost } from '../../../server/src/fsHost';
import { COMMANDS, loadProject, readCommandArgs } from '../../../server/src/service';
import type { StevedoreContext } from '../context';
import { deploymentTarget } from '../targets';

/**
 * Stevedore: Toggle Watch. Turns watch on or off for a deployed compose project: the tree's project item, the lens
 * of a compose file (`uri`: the file's project, from that file), the status bar, or the palette (the active compose
 * file's project, else a pick). `watch: true | false` sets it instead of toggling.
 */
export async function watch(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const args = readCommandArgs(COMMANDS.watch, arg);
  const { project, files } = await projectOf(ctx, args.project, args.uri);
  const on = args.watch ?? !ctx.watches.isWatching(project);
  const message = on ? await ctx.watches.start(project, files) : ctx.watches.stop(project);
  void vscode.window.setStatusBarMessage(message, 3000);
  return message;
}

async function projectOf(
  ctx: StevedoreContext,
  project: string | undefined,
  uri: string | undefined,
): Promise<{ project: string; files?: string[] }> {
  if (project && !uri) return { project };
  const file = uri ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
  if (file?.scheme === 'file' && (uri || vscode.window.activeTextEditor?.document.languageId === 'dockercompose')) {
    const named = project ? { projectName: project } : {};
    const loaded = loadProject(createFsHost(), { files: [file.fsPath], environment: process.env, ...named });
    if (!loaded.ok)
      throw new Error(
        `${vscode.workspace.asRelativePath(file)} cannot be loaded: ${loaded.problems.map((p) => p.message).join('; ')}`,
      );
    return { project: loaded.project.name, files: [file.fsPath] };
  }
  const watched = ctx.watches.projects;
  if (watched.length === 1 && watched[0]) return { project: watched[0] };
  const deployment = await deploymentTarget(await ctx.engines.get(), {});
  if (deployment.kind !== 'compose') throw new Error(`${deployment.name} is a swarm stack: watch works on compose projects`);
  return { project: deployment.name };
}
