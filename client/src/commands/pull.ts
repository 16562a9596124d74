import * as vscode from 'vscode';
import { createFsHost } from '../../../server/src/fsHost';
import { COMMANDS, loadProject, readCommandArgs } from '../../../server/src/service';
import { describePull, pullProjectImages, type LayerProgress } from '../engine';
import type { StevedoreContext } from '../context';
import { fileTarget } from '../targets';
import { rememberedProfiles } from './deployUi';

/** "a1b2c3: Downloading 3.1/10.0 MB", the way a layer's progress reads in the notification. */
export function layerLine(p: LayerProgress): string {
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  const amount = p.current !== undefined && p.total ? ` ${mb(p.current)}/${mb(p.total)} MB` : '';
  return `${p.layer ? `${p.layer}: ` : ''}${p.status}${amount}`;
}

/**
 * Stevedore: Pull Images: every image a compose file's services name (build-only services left out), each layer's
 * progress in a notification, one line per image in the output channel and the summary.
 */
export async function pull(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const args = readCommandArgs(COMMANDS.pull, arg);
  const { uri } = await fileTarget(arg);
  // The services a Deploy would run: the profiles given, else those last chosen for the file, else COMPOSE_PROFILES.
  const profiles = args.profiles ?? rememberedProfiles(ctx.extension.workspaceState, uri);
  const loaded = loadProject(createFsHost(), {
    files: [uri.fsPath],
    environment: process.env,
    ...(profiles ? { profiles: [...profiles] } : {}),
  });
  if (!loaded.ok) throw new Error(`the project cannot be loaded: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const engine = await ctx.engines.get();
  const outcomes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pulling the images of ${loaded.project.name}` },
    (progress) => pullProjectImages(engine, loaded.project, (p) => progress.report({ message: `${p.image} ${layerLine(p)}` })),
  );
  const lines = outcomes.map(describePull);
  for (const line of lines) ctx.output.info(`pull: ${line}`);
  if (outcomes.length === 0) return `${loaded.project.name}: no image to pull (every service builds)`;
  const message = lines.join('; ');
  if (outcomes.some((o) => o.status === 'failed')) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
  return message;
}
