import * as vscode from 'vscode';
import { composeConfigFiles } from '../engine';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import type { StevedoreContext } from '../context';

/**
 * Stevedore: Show Graph: the topology of a Compose project, a stack or the folder of a Kubernetes manifest, for the
 * file given (`{ uri }`, the editor title's resource) or the active editor's. The file is opened first, so the
 * language server holds it (the graph is built from its model, unsaved text included).
 */
export async function showTopology(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const args = readCommandArgs(COMMANDS.showTopology, arg);
  const given =
    args.uri ??
    (arg instanceof vscode.Uri ? arg.toString() : undefined) ??
    (args.project ? await deployedFrom(ctx, args.project) : undefined);
  const uri = given ?? vscode.window.activeTextEditor?.document.uri.toString();
  if (!uri) throw new Error('open a Compose, stack or Kubernetes file to see its graph');
  await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  ctx.topology.show(uri);
  return `graph of ${uri}`;
}

/** The first file a deployed compose project was deployed from. */
async function deployedFrom(ctx: StevedoreContext, project: string): Promise<string> {
  const [file] = await composeConfigFiles(await ctx.engines.get(), project);
  if (!file) throw new Error(`project ${project} does not say which file it was deployed from`);
  return vscode.Uri.file(file).toString();
}

/** Stevedore: Export Graph as SVG: the open graph of `{ uri }` (or the active editor's file) to `{ file }`, else asks where. */
export async function exportTopology(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const args = readCommandArgs(COMMANDS.exportTopology, arg);
  const uri = args.uri ?? vscode.window.activeTextEditor?.document.uri.toString();
  const panel = uri ? ctx.topology.get(uri) : undefined;
  if (!panel) throw new Error('open the graph first (Stevedore: Show Graph)');
  const written = await panel.exportSvg(args.file ? vscode.Uri.parse(args.file) : undefined);
  return written ? `exported ${written.toString()}` : 'not exported';
}
