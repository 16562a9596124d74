import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { validate, type SourceFileCache } from '../service';
import { toLspDiagnostic } from './convert';
import { guard } from './guard';

/** Typing pauses shorter than this do not re-validate; opening a file validates at once. */
const DEBOUNCE_MS = 150;

/** Pushes diagnostics for every open document: at once on open, debounced on change, cleared on close. */
export function registerDiagnostics(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  files: SourceFileCache,
): void {
  const pending = new Map<string, NodeJS.Timeout>();

  const publish = guard(connection, 'validation', undefined, (document: TextDocument): void => {
    const file = files.get(document.uri, document.version, document.getText());
    // Plain YAML that is none of Compose, stack or Kubernetes belongs to other tools (CI workflows, Helm values…):
    // reporting on it would only repeat what a YAML extension already says.
    const diagnostics = file.kind === 'yaml' ? [] : validate(file).map(toLspDiagnostic);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  });

  const cancel = (uri: string): void => {
    clearTimeout(pending.get(uri));
    pending.delete(uri);
  };

  documents.onDidOpen(({ document }) => publish(document));
  documents.onDidChangeContent(({ document }) => {
    cancel(document.uri);
    pending.set(
      document.uri,
      setTimeout(() => {
        pending.delete(document.uri);
        // The document may have closed or moved on while we waited.
        const current = documents.get(document.uri);
        if (current) publish(current);
      }, DEBOUNCE_MS),
    );
  });
  documents.onDidClose(({ document }) => {
    cancel(document.uri);
    files.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });
}
