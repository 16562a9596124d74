import {
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createKubernetesSchemaSource } from '../kubernetesSchemas';
import { SourceFileCache } from '../service';
import { registerDiagnostics } from './diagnostics';
import { FEATURES, type FeatureHooks } from './features';

export const SERVER_NAME = 'stevedore-language-server';

/**
 * The connection as diagnostics sees it, except that a settings change is also announced to `also` once diagnostics
 * has read it. A notification has one handler per connection, and diagnostics owns this one.
 * TODO(#13): the workspace session announces settings changes itself; then this goes.
 */
function alsoOnSettings(connection: Connection, also: () => void): Connection {
  const announcing: Pick<Connection, 'onDidChangeConfiguration'> = {
    onDidChangeConfiguration: (handler) =>
      connection.onDidChangeConfiguration((params) => {
        handler(params);
        also();
      }),
  };
  return Object.assign(Object.create(connection) as Connection, announcing);
}

/** Wires the language service to one LSP connection. Each feature registers itself; this file only assembles. */
export function startServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(TextDocument);
  const files = new SourceFileCache();
  // One source for the whole server: bundles are read once, and validators compiled for them are kept.
  const kubernetesSchemas = createKubernetesSchemaSource();

  connection.onInitialize((params): InitializeResult => {
    const hooks: FeatureHooks[] = [];
    // Settings arrive with initialize (initializationOptions) and later through didChangeConfiguration.
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const { resolve, outline, objects, settings } = registerDiagnostics(
      alsoOnSettings(connection, () => hooks.forEach((h) => h.settingsChanged?.())),
      documents,
      files,
      params.initializationOptions,
      kubernetesSchemas,
      folders.filter((f) => f.startsWith('file:')),
    );
    // A feature is advertised only with its handlers registered, and only to a client that can use it.
    const capabilities: ServerCapabilities = { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } };
    const context = { connection, documents, resolve, outline, workspaceObjects: objects, settings };
    for (const feature of FEATURES) {
      const started = feature.start(context, params.capabilities);
      if (!started) continue;
      Object.assign(capabilities, started.capabilities);
      hooks.push(started.hooks);
    }
    connection.onInitialized(() => hooks.forEach((h) => h.initialized?.()));
    return { serverInfo: { name: SERVER_NAME, version }, capabilities };
  });

  documents.listen(connection);
  connection.listen();
}
