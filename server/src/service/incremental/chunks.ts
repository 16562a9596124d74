import type { KubeObject } from '../kubernetes/objects';
import type { DocumentSymbol } from '../symbols';
import type { Diagnostic, Range } from '../types';

/** A piece of a file's text that is parsed and checked on its own, and where it starts in the file. */
export interface Chunk {
  readonly text: string;
  /** The file's line on which the chunk starts (chunks always start at a line's first column). */
  readonly line: number;
  /** Where the chunk starts in the file's text. */
  readonly start: number;
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
  const chunks = splitAtMarkers(text, 0, 0);
  return chunks && withoutLeadingComments(chunks);
}

/** Comments before the first marker belong to the first document, and say nothing a rule reads. */
const withoutLeadingComments = (chunks: Chunk[]): Chunk[] =>
  chunks.length > 1 && chunks[0] && isBlank(chunks[0].text) ? chunks.slice(1) : chunks;

/** `text` (which starts at a line's start, `offset` and `firstLine` into the file) cut before each marker line. */
function splitAtMarkers(text: string, offset: number, firstLine: number): Chunk[] | undefined {
  if (UNSAFE.test(text)) return undefined;
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  for (let at = 0; at < text.length; line++) {
    const end = text.indexOf('\n', at);
    const next = end === -1 ? text.length : end + 1;
    if (at > start && text.startsWith('---', at) && MARKER.test(text.slice(at, end === -1 ? text.length : end))) {
      chunks.push({ text: text.slice(start, at), line: firstLine + startLine, start: offset + start });
      start = at;
      startLine = line;
    }
    at = next;
  }
  chunks.push({ text: text.slice(start), line: firstLine + startLine, start: offset + start });
  return chunks;
}

/** A new split, and how many of the chunks at each end were kept from the split before (the same text, moved). */
export interface Resplit {
  readonly chunks: readonly Chunk[];
  readonly head: number;
  readonly tail: number;
}

const NEWLINE = 10;

/**
 * The split of `text` made from the split of the text before the edit (`old`, split into `before`), equal to
 * `splitDocuments(text)`: the chunks before the first one the edit changed are kept where they were, those after the
 * last are kept moved by the characters and lines the edit added or removed, and the span between is split again. The
 * span starts at the chunk before the first changed one (its marker line is intact), or at the top of the file when
 * the edit reached the first two chunks or the comments before them. Found by comparing each kept chunk's text at
 * its place, not the whole text. Undefined when the span has something the split does not handle.
 */
export function resplitDocuments(old: string, before: readonly Chunk[], text: string): Resplit | undefined {
  const delta = text.length - old.length;
  const endOf = (chunk: Chunk | undefined): number => (chunk ? chunk.start + chunk.text.length : 0);
  // How many chunks, from the top, are intact where they were (the text up to their end is the same): compared as
  // whole slices, which the engine compares as memory, not character by character.
  const changed = lastTrue(0, before.length, (m) => text.slice(0, endOf(before[m - 1])) === old.slice(0, endOf(before[m - 1])));
  if (changed === before.length && delta === 0) return { chunks: before, head: before.length, tail: 0 };
  const head = changed >= 2 ? changed - 1 : 0;
  const spanStart = head > 0 ? (before[head]?.start ?? 0) : 0;
  const spanLine = head > 0 ? (before[head]?.line ?? 0) : 0;
  // The chunks at the end that are intact where the edit moved them (the text from their start on is the same), the
  // first of them starting a line (with its marker: the first chunk, which may have none, is never among them).
  const intactFrom = (k: number): boolean => {
    const chunk = before[k];
    return !chunk || (chunk.start + delta > spanStart && text.slice(chunk.start + delta) === old.slice(chunk.start));
  };
  let kept = firstTrue(Math.max(changed, 1), before.length, intactFrom);
  while (kept < before.length && text.charCodeAt((before[kept]?.start ?? 0) + delta - 1) !== NEWLINE) kept++;
  const next = before[kept];
  const span = splitAtMarkers(text.slice(spanStart, next ? next.start + delta : text.length), spanStart, spanLine);
  const last = span?.[span.length - 1];
  if (!span || !last) return undefined;
  const lines = last.line + newlines(last.text) - (next?.line ?? 0);
  const moved = (chunk: Chunk): Chunk => ({ text: chunk.text, start: chunk.start + delta, line: chunk.line + lines });
  const chunks = [...before.slice(0, head), ...span, ...before.slice(kept).map(moved)];
  return { chunks: head > 0 ? chunks : withoutLeadingComments(chunks), head, tail: before.length - kept };
}

/** The largest `n` in `[low, high]` for which `holds(n)`, where `holds` is true up to some point and false after it. */
function lastTrue(low: number, high: number, holds: (n: number) => boolean): number {
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (holds(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The smallest `n` in `[low, high]` for which `holds(n)`, where `holds` is false up to some point and true after it. */
function firstTrue(low: number, high: number, holds: (n: number) => boolean): number {
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
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
