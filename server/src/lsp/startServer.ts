import { TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceFileCache } from '../service';
import { registerDiagnostics } from './diagnostics';

export const SERVER_NAME = 'stevedore-language-server';

/** Wires the language service to one LSP connection. Each feature registers itself; this file only assembles. */
export function startServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(TextDocument);
  const files = new SourceFileCache();

  connection.onInitialize((params): InitializeResult => {
    // Settings arrive with initialize (initializationOptions) and later through didChangeConfiguration.
    registerDiagnostics(connection, documents, files, params.initializationOptions);
    return {
      serverInfo: { name: SERVER_NAME, version },
      capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
    };
  });

  documents.listen(connection);
  connection.listen();
}
