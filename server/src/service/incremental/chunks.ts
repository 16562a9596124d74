import type { KubeObject } from '../kubernetes/objects';
import type { DocumentSymbol } from '../symbols';
import type { Diagnostic, Range } from '../types';

/** A piece of a file's text that is parsed and checked on its own, and where it starts in the file. */
export interface Chunk {
  readonly text: string;
  /** The file's line on which the chunk starts (chunks always start at a line's first column). */
  readonly line: number;
}

/** A line that is a document start marker and nothing else (`---`, trailing blanks allowed). */
const MARKER = /^---[ \t]*\r?$/;
/**
 * What the split cannot prove it reads as the parser does: directives (`%YAML`), document end markers (`...`) and a
 * marker with content after it (`--- !tag`, `--- {a: 1}`, `--- # note`). Such a file is parsed whole.
 */
const UNSAFE = /^(%|\.\.\.([ \t]|\r?$)|---[ \t]+[^ \t\r\n])/m;

/** True when a chunk holds nothing but blank lines and comments. */
const isBlank = (text: string): boolean => text.split('\n').every((line) => /^\s*(#.*)?$/.test(line));

/**
 * A YAML stream split at its `---` lines, one chunk per document (the text before the first marker is a chunk when
 * it holds more than comments). A `---` at the start of a line always starts a document (YAML forbids it inside
 * scalars), and anchors never cross documents, so each chunk parses alone to the document the whole stream would
 * give. Undefined when the stream has something the split does not handle.
 */
export function splitDocuments(text: string): Chunk[] | undefined {
  if (UNSAFE.test(text)) return undefined;
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  for (let at = 0; at < text.length; line++) {
    const end = text.indexOf('\n', at);
    const next = end === -1 ? text.length : end + 1;
    if (at > start && text.startsWith('---', at) && MARKER.test(text.slice(at, end === -1 ? text.length : end))) {
      chunks.push({ text: text.slice(start, at), line: startLine });
      start = at;
      startLine = line;
    }
    at = next;
  }
  chunks.push({ text: text.slice(start), line: startLine });
  // Comments before the first marker belong to the first document, and say nothing a rule reads.
  return chunks.length > 1 && chunks[0] && isBlank(chunks[0].text) ? chunks.slice(1) : chunks;
}

const shiftRange = (range: Range, lines: number): Range => ({
  start: { line: range.start.line + lines, character: range.start.character },
  end: { line: range.end.line + lines, character: range.end.character },
});

/** A chunk's diagnostics moved to where the chunk is in the file. */
export function shiftDiagnostics(diagnostics: readonly Diagnostic[], lines: number): Diagnostic[] {
  if (lines === 0) return [...diagnostics];
  return diagnostics.map((d) => ({
    ...d,
    range: shiftRange(d.range, lines),
    ...(d.fixes
      ? { fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: shiftRange(e.range, lines) })) })) }
      : {}),
  }));
}

/** A chunk's objects moved to where the chunk is in the file. */
export function shiftObjects(objects: readonly KubeObject[], lines: number): KubeObject[] {
  if (lines === 0) return [...objects];
  return objects.map((o) => (o.nameRange ? { ...o, nameRange: shiftRange(o.nameRange, lines) } : o));
}

/** A chunk's outline moved to where the chunk is in the file. */
export function shiftSymbols(symbols: readonly DocumentSymbol[], lines: number): DocumentSymbol[] {
  if (lines === 0) return [...symbols];
  return symbols.map((s) => ({
    ...s,
    range: shiftRange(s.range, lines),
    selectionRange: shiftRange(s.selectionRange, lines),
    children: shiftSymbols(s.children, lines),
  }));
}
