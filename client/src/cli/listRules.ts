import { ALL_RULES } from '../../../server/src/service';
import type { OutputFormat } from './check';

/**
 * `stevedore check --list-rules`: every rule of the registry. Text is one line per rule, `code  family  severity
 * doc` in aligned columns; JSON is a list of `{code, family, severity, doc, fixes}`.
 */
export function listRules(format: OutputFormat, out: (line: string) => void): void {
  if (format === 'json') {
    out(JSON.stringify(ALL_RULES, null, 2));
    return;
  }
  const width = (pick: (r: (typeof ALL_RULES)[number]) => string): number => Math.max(...ALL_RULES.map((r) => pick(r).length));
  const code = width((r) => r.code);
  const family = width((r) => r.family);
  const severity = width((r) => r.severity);
  for (const r of ALL_RULES) out(`${r.code.padEnd(code)}  ${r.family.padEnd(family)}  ${r.severity.padEnd(severity)}  ${r.doc}`);
}
