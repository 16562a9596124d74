import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createFsHost } from '../fsHost';
import { createKubernetesSchemaSource } from '../kubernetesSchemas';
import {
  validate,
  type KubeObject,
  type KubernetesSchemaSource,
  type SourceFile,
  type SourceFileCache,
  type ValidationContext,
} from '../service';
import { toLspDiagnostic } from './convert';
import { guard } from './guard';
import { WorkspaceIndex } from './workspaceIndex';
import { readSettings, type ServerSettings } from './settings';

/**
 * Typing pauses shorter than the debounce do not re-validate (opening a file validates at once). It follows how
 * long the last validation of the document took, between these bounds: small files answer almost at once, and a
 * file that takes long to check is not checked on every keystroke.
 */
const MIN_DEBOUNCE_MS = 50;
const MAX_DEBOUNCE_MS = 400;

/**
 * Pushes diagnostics for every open document: at once on open, debounced on change, cleared on close. A change to
 * one file (an `.env`, an included or override file, open or on disk) re-validates the other open files, since
 * their diagnostics may depend on it; so does a change of settings.
 */
export function registerDiagnostics(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  files: SourceFileCache,
  initialSettings: unknown,
  kubernetesSchemas: KubernetesSchemaSource,
  workspaceFolders: readonly string[],
): {
  resolve: (document: TextDocument) => { file: SourceFile; context: ValidationContext };
  objects: () => readonly KubeObject[];
} {
  const pending = new Map<string, NodeJS.Timeout>();
  const lastDuration = new Map<string, number>();
  let settings: ServerSettings = readSettings(initialSettings);
  // Open documents are read from the editor, not the disk: their unsaved text is what the user sees.
  const host = createFsHost((uri) => documents.get(uri)?.getText());
  // Read on the first hover or completion in a manifest, not before.
  const documentedSchemas = createKubernetesSchemaSource({ descriptions: true });
  const index = new WorkspaceIndex(workspaceFolders, () => documents.all().map((document) => sourceOf(document)));
  const context = (): ValidationContext => ({
    host,
    env: settings.env,
    severities: settings.rules,
    kubernetes: {
      version: settings.kubernetesVersion,
      schemas: kubernetesSchemas,
      documentedSchemas,
      objects: () => index.objects(),
    },
    onRuleError: (rule, error) =>
      connection.console.error(`rule ${rule} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });

  /** The document as the service sees it (parsed once per version, kind forced by the stackFiles setting). */
  const sourceOf = (document: TextDocument): SourceFile => {
    const path = decodeURIComponent(document.uri.replace(/^file:\/\//, ''));
    const forced = settings.stackFiles.some((glob) => glob.test(path)) ? 'stack' : undefined;
    return files.get(document.uri, document.version, document.getText(), forced);
  };

  const publish = guard(connection, 'validation', undefined, (document: TextDocument, afterEdit = false): void => {
    const started = performance.now();
    const file = sourceOf(document);
    // Plain YAML that is none of Compose, stack or Kubernetes belongs to other tools (CI workflows, Helm values…):
    // reporting on it would only repeat what a YAML extension already says.
    const diagnostics = file.kind === 'yaml' ? [] : validate(file, context()).map(toLspDiagnostic);
    // The first validation of a file pays one-off costs (schema compilation); only edits say how long an edit takes.
    if (afterEdit) lastDuration.set(document.uri, performance.now() - started);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  });

  const cancel = (uri: string): void => {
    clearTimeout(pending.get(uri));
    pending.delete(uri);
  };
  const schedule = (uri: string): void => {
    cancel(uri);
    pending.set(
      uri,
      setTimeout(
        () => {
          pending.delete(uri);
          // The document may have closed while we waited.
          const current = documents.get(uri);
          if (current) publish(current);
        },
        Math.min(MAX_DEBOUNCE_MS, Math.max(MIN_DEBOUNCE_MS, lastDuration.get(uri) ?? 0)),
      ),
    );
  };
  const revalidateAll = (except?: string): void => {
    for (const document of documents.all()) if (document.uri !== except) schedule(document.uri);
  };

  documents.onDidOpen(({ document }) => publish(document));
  documents.onDidChangeContent(({ document }) => {
    schedule(document.uri);
    revalidateAll(document.uri);
  });
  documents.onDidClose(({ document }) => {
    cancel(document.uri);
    files.delete(document.uri);
    lastDuration.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    revalidateAll();
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) index.refresh(change.uri);
    revalidateAll();
  });
  connection.onDidChangeConfiguration(({ settings: changed }) => {
    settings = readSettings((changed as Record<string, unknown> | null)?.['stevedore']);
    revalidateAll();
  });
  return { resolve: (document) => ({ file: sourceOf(document), context: context() }), objects: () => index.objects() };
}
