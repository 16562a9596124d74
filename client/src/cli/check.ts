import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createSourceFile, validate, type Diagnostic, type FileKind } from '../../../server/src/service';

export interface CheckOptions {
  readonly files: readonly string[];
  readonly kind?: FileKind;
  readonly out: (line: string) => void;
}

export interface CheckSummary {
  readonly errors: number;
  readonly warnings: number;
  /** Files that could not be read; they are reported, and the others are still checked. */
  readonly unreadable: number;
}

/** `file:line:col: severity message [code]`, the format terminals and editors turn into links. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.message} [${d.code}]`;
}

export async function check(options: CheckOptions): Promise<CheckSummary> {
  let errors = 0;
  let warnings = 0;
  let unreadable = 0;
  for (const path of options.files) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      unreadable++;
      options.out(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      continue;
    }
    const uri = pathToFileURL(path).href;
    const source = createSourceFile(uri, 0, text, options.kind);
    for (const d of validate(source)) {
      if (d.severity === 'error') errors++;
      if (d.severity === 'warning') warnings++;
      options.out(formatDiagnostic(path, d));
    }
  }
  return { errors, warnings, unreadable };
}
