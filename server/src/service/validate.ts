import { validateComposeDocument } from './compose/validateCompose';
import type { ValidationContext } from './context';
import { yamlAliasDiagnostics } from './rules/yamlAliases';
import { yamlSyntaxDiagnostics } from './rules/yamlSyntax';
import type { SourceFile } from './sourceFile';
import type { Diagnostic } from './types';

function applySeverities(diagnostics: Diagnostic[], context: ValidationContext | undefined): Diagnostic[] {
  const severities = context?.severities;
  if (!severities) return diagnostics;
  return diagnostics.flatMap((d) => {
    const severity = severities[d.code];
    if (severity === 'off') return [];
    return severity ? [{ ...d, severity }] : [d];
  });
}

/**
 * All diagnostics for one file. Never throws on user input: a file that does not parse still gets every diagnostic
 * that can be computed from what did parse, and a rule that fails is reported to `context.onRuleError` and skipped.
 */
export function validate(file: SourceFile, context?: ValidationContext): Diagnostic[] {
  const diagnostics = [...yamlSyntaxDiagnostics(file.yaml), ...yamlAliasDiagnostics(file.yaml)];
  if (file.kind === 'compose' || file.kind === 'stack') {
    // A compose file is one document; the tools read the first.
    const first = file.yaml.documents[0];
    if (first) diagnostics.push(...validateComposeDocument(file, first, file.kind, context));
  }
  return applySeverities(diagnostics, context);
}
