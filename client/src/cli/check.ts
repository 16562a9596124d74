import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFsHost } from '../../../server/src/fsHost';
import { createKubernetesSchemaSource } from '../../../server/src/kubernetesSchemas';
import {
  createSourceFile,
  DEFAULT_KUBERNETES_VERSION,
  validate,
  type Diagnostic,
  type FileKind,
} from '../../../server/src/service';

export type OutputFormat = 'text' | 'json';

export interface CheckOptions {
  readonly files: readonly string[];
  readonly kind?: FileKind;
  readonly format?: OutputFormat;
  /** Extra env files, as `docker compose --env-file` takes them. */
  readonly envFiles?: readonly string[];
  /** Target Kubernetes release (`1.34` by default). */
  readonly kubernetesVersion?: string;
  readonly out: (text: string) => void;
}

export interface CheckSummary {
  readonly errors: number;
  readonly warnings: number;
  /** Files that could not be read; they are reported, and the others are still checked. */
  readonly unreadable: number;
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

export async function check(options: CheckOptions): Promise<CheckSummary> {
  const host = createFsHost();
  const kubernetes = {
    version: options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    schemas: createKubernetesSchemaSource(),
  };
  const envFiles = options.envFiles?.map((f) => pathToFileURL(resolve(f)).href);
  const json: { file: string; diagnostics: object[]; error?: string }[] = [];
  let errors = 0;
  let warnings = 0;
  let unreadable = 0;
  for (const path of options.files) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      unreadable++;
      const reason = `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      if (options.format === 'json') json.push({ file: path, diagnostics: [], error: reason });
      else options.out(`${path}: ${reason}`);
      continue;
    }
    const source = createSourceFile(pathToFileURL(resolve(path)).href, 0, text, options.kind);
    const diagnostics = validate(source, {
      host,
      kubernetes,
      ...(envFiles ? { envFiles } : {}),
      onRuleError: (rule, error) => process.stderr.write(`stevedore: rule ${rule} failed on ${path}: ${String(error)}\n`),
    });
    errors += diagnostics.filter((d) => d.severity === 'error').length;
    warnings += diagnostics.filter((d) => d.severity === 'warning').length;
    if (options.format === 'json') json.push({ file: path, diagnostics: diagnostics.map(toLspJson) });
    else for (const d of diagnostics) options.out(formatDiagnostic(path, d));
  }
  if (options.format === 'json') options.out(JSON.stringify(json, null, 2));
  return { errors, warnings, unreadable };
}
