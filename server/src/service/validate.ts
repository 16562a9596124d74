import { yamlAliasDiagnostics } from './rules/yamlAliases';
import { yamlSyntaxDiagnostics } from './rules/yamlSyntax';
import type { SourceFile } from './sourceFile';
import type { Diagnostic } from './types';

/**
 * All diagnostics for one file. Never throws on user input: a file that does not parse still gets every diagnostic
 * that can be computed from what did parse.
 */
export function validate(file: SourceFile): Diagnostic[] {
  return [...yamlSyntaxDiagnostics(file.yaml), ...yamlAliasDiagnostics(file.yaml)];
}
