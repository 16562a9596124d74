import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createFsHost } from '../fsHost';
import { createKubernetesSchemaSource } from '../kubernetesSchemas';
import { createValidatorSource } from '../validatorFiles';
import {
  WorkspaceSession,
  type DocumentSymbol,
  type KubeObject,
  type KubernetesSchemaSource,
  type SessionSettings,
  type SourceFile,
  type SourceFileCache,
  type ValidationContext,
} from '../service';
import { toLspDiagnostic } from './convert';
import { guard } from './guard';

/**
 * Typing pauses shorter than the debounce do not re-validate (opening a file validates at once). It follows how
 * long the last validation of the document took, between these bounds: small files answer almost at once, and a
 * file that takes long to check is not checked on every keystroke.
 */
const MIN_DEBOUNCE_MS = 50;
const MAX_DEBOUNCE_MS = 400;

/** One turn of the event loop: a validation gives way between its steps, so that a newer version can arrive. */
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Pushes diagnostics for every open document: at once on open, debounced on change, cleared on close. A thin shell
 * over the `WorkspaceSession`, which decides what each file is, whether it is checked and with what settings: this
 * file only tells it what the editor opened, changed and closed, and when to publish. A change to one file (an
 * `.env`, an included or override file, open or on disk) re-validates the other open files, since their diagnostics
 * may depend on it; so does a change of settings. A validation whose document got a newer version, or that another
 * validation of the same document superseded, stops between its steps and publishes nothing.
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
  outline: (document: TextDocument) => DocumentSymbol[];
  objects: () => readonly KubeObject[];
  settings: () => SessionSettings;
} {
  const pending = new Map<string, NodeJS.Timeout>();
  const lastDuration = new Map<string, number>();
  /** The latest validation started per document; an older one is superseded. */
  const runs = new Map<string, number>();
  const session = new WorkspaceSession({
    host: createFsHost(),
    cache: files,
    settings: initialSettings,
    kubernetesSchemas,
    // Read on the first hover or completion in a manifest, not before.
    documentedSchemas: createKubernetesSchemaSource({ descriptions: true }),
    validators: createValidatorSource(),
    onRuleError: (uri, rule, error) =>
      connection.console.error(
        `rule ${rule} failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ),
  });
  for (const folder of workspaceFolders) session.addFolder(folder);
  const sync = (document: TextDocument): SourceFile => session.open(document.uri, document.version, document.getText());

  const validate = async (document: TextDocument, afterEdit: boolean): Promise<void> => {
    const { uri, version } = document;
    const run = (runs.get(uri) ?? 0) + 1;
    runs.set(uri, run);
    const started = performance.now();
    sync(document);
    const isCancelled = (): boolean => runs.get(uri) !== run || documents.get(uri)?.version !== version;
    const diagnostics = await session.diagnostics(uri, { isCancelled, pause });
    if (diagnostics === undefined) return;
    // The first validation of a file pays one-off costs (schema compilation); only edits say how long an edit takes.
    if (afterEdit) lastDuration.set(uri, performance.now() - started);
    void connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map(toLspDiagnostic) });
  };
  // The error boundary of guard.ts, for the part of a validation that runs after its first pause.
  const publish = guard(connection, 'validation', undefined, (document: TextDocument, afterEdit?: boolean): void => {
    validate(document, afterEdit === true).catch((error: unknown) =>
      connection.console.error(`validation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
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

  documents.onDidOpen(({ document }) => {
    // The text library computes a document's line offsets on first use, and applies an incremental change through
    // them: on a 20,000-line manifest that is 7 ms the first edit would pay. Computed with the open instead.
    document.positionAt(0);
    publish(document);
  });
  documents.onDidChangeContent(({ document }) => {
    sync(document);
    schedule(document.uri);
    revalidateAll(document.uri);
  });
  documents.onDidClose(({ document }) => {
    cancel(document.uri);
    runs.delete(document.uri);
    session.close(document.uri);
    lastDuration.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    revalidateAll();
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) session.refresh(change.uri);
    revalidateAll();
  });
  connection.onDidChangeConfiguration(({ settings: changed }) => {
    session.configure((changed as Record<string, unknown> | null)?.['stevedore']);
    revalidateAll();
  });
  return {
    resolve: (document) => ({ file: sync(document), context: session.context(document.uri) }),
    outline: (document) => session.documentSymbols(sync(document).uri),
    objects: () => session.objects(),
    settings: () => session.currentSettings,
  };
}
