import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFsHost } from '../../../server/src/fsHost';
import { createKubernetesSchemaSource } from '../../../server/src/kubernetesSchemas';
import { createValidatorSource } from '../../../server/src/validatorFiles';
import { PRACTICE_CODES, WorkspaceSession, type Diagnostic, type FileKind } from '../../../server/src/service';

export type OutputFormat = 'text' | 'json';

export interface CheckOptions {
  readonly files: readonly string[];
  readonly kind?: FileKind;
  readonly format?: OutputFormat;
  /** Extra env files, as `docker compose --env-file` takes them. */
  readonly envFiles?: readonly string[];
  /** Target Kubernetes release (`1.34` by default). */
  readonly kubernetesVersion?: string;
  /** Best-practice and security findings as errors (a CI gate); without it the CLI leaves them out. */
  readonly strict?: boolean;
  readonly out: (text: string) => void;
}

export interface CheckSummary {
  readonly errors: number;
  readonly warnings: number;
  /** Files that could not be read; they are reported, and the others are still checked. */
  readonly unreadable: number;
}

/** What `check` found in one file given: its diagnostics in line, column order, or why it could not be read. */
export interface FileResult {
  readonly path: string;
  readonly uri: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly error?: string;
  /** Not a Compose, stack, Kubernetes, kustomization or Marathon file: not checked, as in the editor (`--kind` asks for it). */
  readonly skipped?: boolean;
}

const LSP_SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

/** `file:line:col: severity code message`, the format terminals and editors turn into links. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`;
}

/** The JSON form: one entry per file given, in order, each diagnostic as LSP has it (0-based lines, severity 1-4). */
function toLspJson(d: Diagnostic): object {
  return { range: d.range, severity: LSP_SEVERITY[d.severity], code: d.code, message: d.message, source: 'stevedore' };
}

const byPosition = (a: Diagnostic, b: Diagnostic): number =>
  a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

/**
 * The files given form the workspace: each is added to one `WorkspaceSession`, which checks them as the editor
 * checks the same files open (a Service sees the Deployment of another file given, an override its base). The CLI's
 * options map onto the session's settings; it holds no policy of its own.
 */
export async function checkFiles(options: Omit<CheckOptions, 'format' | 'out'>): Promise<FileResult[]> {
  const session = new WorkspaceSession({
    host: createFsHost(),
    kubernetesSchemas: createKubernetesSchemaSource(),
    validators: createValidatorSource(),
    settings: {
      ...(options.kubernetesVersion ? { kubernetes: { version: options.kubernetesVersion } } : {}),
      // The editor shows best-practice findings as information; in a terminal they are a gate or nothing.
      rules: Object.fromEntries(PRACTICE_CODES.map((code) => [code, options.strict ? 'error' : 'off'])),
    },
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.envFiles ? { envFiles: options.envFiles.map((f) => pathToFileURL(resolve(f)).href) } : {}),
    onRuleError: (uri, rule, error) => process.stderr.write(`stevedore: rule ${rule} failed on ${uri}: ${String(error)}\n`),
  });
  const read: { path: string; uri: string; error?: string }[] = [];
  for (const path of options.files) {
    const uri = pathToFileURL(resolve(path)).href;
    try {
      session.open(uri, 0, await readFile(path, 'utf8'));
      read.push({ path, uri });
    } catch (error) {
      read.push({ path, uri, error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    }
  }
  // Every file is in the session before the first is checked: each sees all the others.
  const results: FileResult[] = [];
  for (const { path, uri, error } of read) {
    const diagnostics = error === undefined ? ((await session.diagnostics(uri)) ?? []) : [];
    const file = session.file(uri);
    const skipped = file !== undefined && !session.isChecked(file);
    results.push({
      path,
      uri,
      diagnostics: [...diagnostics].sort(byPosition),
      ...(error === undefined ? {} : { error }),
      ...(skipped ? { skipped } : {}),
    });
  }
  return results;
}

export async function check(options: CheckOptions): Promise<CheckSummary> {
  const results = await checkFiles(options);
  // Silence would read as "valid": say which files were not checked at all.
  for (const r of results.filter((r) => r.skipped))
    process.stderr.write(
      `stevedore: ${r.path}: not a Compose, stack, Kubernetes, kustomization or Marathon file, so not checked (--kind yaml checks its YAML)\n`,
    );
  const all = results.flatMap((r) => r.diagnostics);
  const summary: CheckSummary = {
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    unreadable: results.filter((r) => r.error !== undefined).length,
  };
  if (options.format === 'json') {
    const json = results.map((r) => ({
      file: r.path,
      diagnostics: r.diagnostics.map(toLspJson),
      ...(r.error ? { error: r.error } : {}),
    }));
    options.out(JSON.stringify(json, null, 2));
    return summary;
  }
  // Text: in file, line, column order, as `sort` and compilers list them.
  for (const result of [...results].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (result.error) options.out(`${result.path}: ${result.error}`);
    for (const d of result.diagnostics) options.out(formatDiagnostic(result.path, d));
  }
  return summary;
}
