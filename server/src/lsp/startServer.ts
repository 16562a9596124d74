import { TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createKubernetesSchemaSource } from '../kubernetesSchemas';
import { DEFAULT_KUBERNETES_VERSION, SourceFileCache, warmUpSteps } from '../service';
import { registerDiagnostics } from './diagnostics';
import { featureCapabilities, registerFeatures } from './features';

export const SERVER_NAME = 'stevedore-language-server';
const WARM_UP_DELAY_MS = 1000;

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
    registerFeatures(connection, documents, resolve, objects);
    return {
      serverInfo: { name: SERVER_NAME, version },
      capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental }, ...featureCapabilities },
    };
  });

  // Prepare the validators once the editor has had time to open its first files (which compile what they need on
  // the spot), one step per turn of the event loop, so that the next kind of file opens without waiting.
  connection.onInitialized(() => {
    const steps = warmUpSteps(kubernetesSchemas(DEFAULT_KUBERNETES_VERSION));
    const next = (): void => {
      const step = steps.shift();
      if (!step) return;
      try {
        step();
      } catch (error) {
        connection.console.error(`warm-up failed: ${String(error)}`);
      }
      setImmediate(next);
    };
    setTimeout(next, WARM_UP_DELAY_MS);
  });

  documents.listen(connection);
  connection.listen();
}
