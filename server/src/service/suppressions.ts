import { CST, Lexer } from 'yaml';
import { CODE, coded, ruleOf } from './rules/registry';
import type { SourceFile } from './sourceFile';
import type { Diagnostic, Position, Range, Severity } from './types';

/**
 * Suppression comments, read from a YAML file's comments (never from inside a string or a block scalar):
 * - `# stevedore-ignore: <code>[, <code>…]` at the end of a line suppresses those codes' findings on that line; on a
 *   line of its own, on the next line that is neither blank nor a comment;
 * - `# stevedore-ignore-file: <code>[, <code>…]` anywhere suppresses them in the whole file;
 * - without codes (`# stevedore-ignore`, `# stevedore-ignore-file`) they suppress every code there.
 * Words after the codes are a free reason (`# stevedore-ignore: compose/privileged docker-in-docker needs it`).
 * JSON (a Marathon definition) has no comments, so nothing in it is a suppression.
 */
export interface Suppression {
  /** The comment's range. */
  readonly range: Range;
  readonly scope: 'line' | 'file';
  /** The line it applies to (for `scope: 'line'`). */
  readonly line: number;
  /** The codes it names, each with its range in the comment; empty for every code. */
  readonly codes: readonly { readonly code: string; readonly range: Range }[];
}

const DIRECTIVE = /^#\s*stevedore-ignore(-file)?(?![\w-])(?:\s*:\s*(.*))?$/;
const CODE_LIST = /^[\w.-]+\/[\w.-]+(?:\s*,\s*[\w.-]+\/[\w.-]+)*/;
/** The lexer's zero-width markers (document start, scalar, flow error end): not characters of the source. */
const MARKERS = new Set(['\u0002', '\u0018', '\u001f']);

/** The comments of a YAML text, as offsets. */
function comments(text: string): { offset: number; text: string }[] {
  const found: { offset: number; text: string }[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    if (CST.tokenType(token) === 'comment') found.push({ offset, text: token.trimEnd() });
    offset += token.length;
  }
  return found;
}

const isCommentOrBlank = (line: string): boolean => /^\s*(#.*)?$/.test(line);

/** The suppressions a file declares, in text order. */
export function suppressionsOf(file: SourceFile): Suppression[] {
  if (file.kind === 'marathon' || !file.text.includes('stevedore-ignore')) return [];
  const at = (offset: number): Position => file.yaml.positionAt(offset);
  const found: Suppression[] = [];
  for (const comment of comments(file.text)) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const start = at(comment.offset);
    const range = { start, end: at(comment.offset + comment.text.length) };
    const listText = match[2] ?? '';
    const listStart = comment.offset + comment.text.length - listText.length;
    const codes = [...(CODE_LIST.exec(listText)?.[0] ?? '').matchAll(/[\w.-]+\/[\w.-]+/g)].map((m) => ({
      code: m[0],
      range: { start: at(listStart + m.index), end: at(listStart + m.index + m[0].length) },
    }));
    const ownLine = (file.lines[start.line] ?? '').slice(0, start.character).trim() === '';
    let line = start.line;
    if (ownLine) for (line = start.line + 1; line < file.lines.length && isCommentOrBlank(file.lines[line] ?? '');) line++;
    found.push({ range, scope: match[1] ? 'file' : 'line', line, codes });
  }
  return found;
}

const covers = (s: Suppression, d: Diagnostic): boolean =>
  (s.scope === 'file' || s.line === d.range.start.line) && (s.codes.length === 0 || s.codes.some((c) => c.code === d.code));

/**
 * A file's diagnostics with its suppressions applied: the findings they cover removed, and a `stevedore/unused-ignore`
 * hint for each suppression (or each code of one) that covers nothing. A code the settings turn off is not unused:
 * its findings were never there to suppress. `severities` are the `stevedore.rules` settings.
 */
export function applySuppressions(
  file: SourceFile,
  diagnostics: readonly Diagnostic[],
  severities: Readonly<Record<string, Severity | 'off'>> = {},
): Diagnostic[] {
  const suppressions = suppressionsOf(file);
  if (suppressions.length === 0) return [...diagnostics];
  const kept = diagnostics.filter((d) => !suppressions.some((s) => covers(s, d)));
  const unusedSeverity = severities[CODE.unusedIgnore];
  if (unusedSeverity === 'off') return kept;
  const unused: Diagnostic[] = [];
  const base = { ...coded(CODE.unusedIgnore), ...(unusedSeverity ? { severity: unusedSeverity } : {}) };
  const where = (s: Suppression): string => (s.scope === 'file' ? 'in this file' : `on line ${s.line + 1}`);
  for (const s of suppressions) {
    const hits = diagnostics.filter((d) => covers(s, d));
    if (s.codes.length === 0) {
      if (hits.length === 0) unused.push({ ...base, range: s.range, message: `Nothing to suppress ${where(s)}` });
      continue;
    }
    for (const { code, range } of s.codes) {
      if (severities[code] === 'off' || hits.some((d) => d.code === code)) continue;
      const message = ruleOf(code)
        ? `No \`${code}\` finding to suppress ${where(s)}`
        : `\`${code}\` is not a Stevedore rule: nothing to suppress`;
      unused.push({ ...base, range, message });
    }
  }
  return [...kept, ...unused];
}

/** What the suppression comment under `position` suppresses, as markdown; undefined when there is none. */
export function suppressionHover(file: SourceFile, position: Position): { contents: string; range: Range } | undefined {
  const s = suppressionsOf(file).find(
    (x) =>
      x.range.start.line === position.line &&
      x.range.start.character <= position.character &&
      position.character <= x.range.end.character,
  );
  if (!s) return undefined;
  const where = s.scope === 'file' ? 'in this whole file' : `on line ${s.line + 1}`;
  if (s.codes.length === 0) return { contents: `Suppresses every finding ${where}.`, range: s.range };
  const lines = s.codes.map(({ code }) => {
    const rule = ruleOf(code);
    return rule ? `- \`${code}\`: ${rule.doc}` : `- \`${code}\`: not a Stevedore rule`;
  });
  return { contents: [`Suppresses ${where}:`, ...lines].join('\n'), range: s.range };
}
