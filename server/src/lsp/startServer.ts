import { TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createKubernetesSchemaSource } from '../kubernetesSchemas';
import { IMAGES_CAPABILITY, SourceFileCache } from '../service';
import { registerDiagnostics } from './diagnostics';
import { featureCapabilities, registerFeatures } from './features';

export const SERVER_NAME = 'stevedore-language-server';

/** Wires the language service to one LSP connection. Each feature registers itself; this file only assembles. */
export function startServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(TextDocument);
  const files = new SourceFileCache();
  // One source for the whole server: bundles are read once, and validators compiled for them are kept.
  const kubernetesSchemas = createKubernetesSchemaSource();

  connection.onInitialize((params): InitializeResult => {
    // Settings arrive with initialize (initializationOptions) and later through didChangeConfiguration.
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const { resolve, objects } = registerDiagnostics(
      connection,
      documents,
      files,
      params.initializationOptions,
      kubernetesSchemas,
      folders.filter((f) => f.startsWith('file:')),
    );
    const experimental = (params.capabilities.experimental ?? {}) as Record<string, unknown>;
    registerFeatures(connection, documents, resolve, objects, { images: experimental[IMAGES_CAPABILITY] === true });
    return {
      serverInfo: { name: SERVER_NAME, version },
      capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental }, ...featureCapabilities },
    };
  });

  documents.listen(connection);
  connection.listen();
}
