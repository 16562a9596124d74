import * as vscode from 'vscode';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import { inspectContainerMasked } from '../engine';
import type { StevedoreContext } from '../context';
import type { EngineHolder } from '../engineHolder';
import { containerTarget } from '../targets';

/** Inspect documents are read-only: a content provider's scheme, the container id in the query. */
export const INSPECT_SCHEME = 'stevedore-inspect';

/** Serves `stevedore-inspect:/NAME.json?ID` from the engine, secrets masked. Registered once at activation. */
export function registerInspectDocuments(engines: EngineHolder): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, {
    provideTextDocumentContent: async (uri) => inspectContainerMasked(await engines.get(), uri.query),
  });
}

/** Stevedore: Inspect: a container's (or a service's container's) inspect JSON in a read-only tab, secrets masked. */
export async function inspect(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  readCommandArgs(COMMANDS.inspect, arg);
  const engine = await ctx.engines.get();
  const target = await containerTarget(engine, arg);
  const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${target.label}.json`, query: target.id });
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
  return `inspected ${target.label}`;
}
