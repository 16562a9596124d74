import type { Position } from './types';

/** A step into a list: the item under the cursor (its index does not matter for schemas). */
export const ITEM = 0;

/**
 * Where the cursor stands in a YAML document, read from indentation so that it works while the line is being typed
 * (the document may not parse). `path` leads from the document root to the mapping the cursor is in (for a key) or
 * to the key whose value is being written.
 */
export interface CursorContext {
  readonly path: readonly (string | number)[];
  /** Writing a key (`prefix` is what is typed of it) or a value (`prefix` is what is typed after `key: `). */
  readonly at: 'key' | 'value';
  readonly prefix: string;
  /** Keys already present beside the cursor, at the same level. */
  readonly siblings: ReadonlySet<string>;
  /** Inside a list item (`- `) of the key above, for values of lists of scalars. */
  readonly inListItem: boolean;
}

interface Line {
  readonly text: string;
  /** Column where the key starts (after any `- `), or -1 for blank and comment lines. */
  readonly keyIndent: number;
  /** Column of the `- ` list marker, or -1. */
  readonly dashIndent: number;
  readonly key: string | undefined;
}

const LINE = /^(\s*)(-\s+)?(?:(["']?)([^"'#:]*?)\3\s*:(?:\s|$))?/;

function readLine(text: string): Line {
  if (/^\s*(#.*)?$/.test(text)) return { text, keyIndent: -1, dashIndent: -1, key: undefined };
  const m = LINE.exec(text);
  const indent = m?.[1]?.length ?? 0;
  const dash = m?.[2];
  return {
    text,
    keyIndent: indent + (dash?.length ?? 0),
    dashIndent: dash ? indent : -1,
    key: m?.[4] !== undefined && m[4] !== '' ? m[4] : undefined,
  };
}

/** A `---` line: it ends the document above it and opens the next (any line that starts with `---`). */
const isSeparator = (text: string): boolean => text.charCodeAt(0) === 45 && text.startsWith('---');

/**
 * A line's indentation when it is below `threshold` and holds more than a comment; else -1 (blank, a comment, or
 * indented at or past `threshold`). Reads at most `threshold` characters of a deeper line, so that climbing out of a
 * large block costs a few character reads per line, not a whole index of the file: a request on a new version of a
 * 10,000-line file would otherwise index every line first.
 */
function indentBelow(text: string, threshold: number): number {
  let n = 0;
  while (n < threshold && text.charCodeAt(n) === 32) n++;
  if (n >= threshold || n === text.length || text.charCodeAt(n) === 35 || /^\s*$/.test(text)) return -1;
  return n;
}

/** Lines of the document around `line` (between `---` separators), found by reading outwards from it. */
export function documentLines(lines: readonly string[], line: number): { start: number; end: number } {
  // A separator line opens the document below it.
  let start = line;
  if (!isSeparator(lines[line] ?? '')) while (start > 0 && !isSeparator(lines[start - 1] ?? '')) start--;
  let end = line;
  while (end < lines.length - 1 && !isSeparator(lines[end + 1] ?? '')) end++;
  return { start, end };
}

/** `source`: the document's text, or its lines when the caller has them split already. */
export function cursorContext(source: string | readonly string[], position: Position): CursorContext {
  const lines = typeof source === 'string' ? source.split(/\r?\n/) : source;
  const current = (lines[position.line] ?? '').slice(0, position.character);
  // The document's first line is found by the climb below, its last by the siblings' walk: neither reads the whole
  // file. On a separator line nothing above belongs to the document.
  const onSeparator = isSeparator(lines[position.line] ?? '');
  const m = /^(\s*)(-\s+)?(.*)$/.exec(current);
  const indent = (m?.[1]?.length ?? 0) + (m?.[2]?.length ?? 0);
  const typed = m?.[3] ?? '';
  const colon = /^(["']?)([^"'#:]*?)\1\s*:(\s+|$)(.*)$/.exec(typed);
  const at: CursorContext['at'] = colon ? 'value' : 'key';

  // Walk up: every less-indented key (or list item) above is a step of the path.
  const path: (string | number)[] = [];
  let threshold = indent;
  let inListItem = false;
  if (m?.[2] && !colon) {
    // `- ` at the start of the line: an item of the list the key above holds.
    inListItem = true;
    path.push(ITEM);
    threshold = m[1]?.length ?? 0;
  }
  for (let i = position.line - 1; !onSeparator && i >= 0 && threshold > 0; i--) {
    const text = lines[i] ?? '';
    if (isSeparator(text)) break;
    // A line indented at or past the threshold is inside the block being climbed out of: no step of the path.
    if (indentBelow(text, threshold) < 0) continue;
    const line = readLine(text);
    if (line.keyIndent < 0) continue;
    if (line.dashIndent >= 0 && (line.keyIndent === threshold || line.dashIndent < threshold)) {
      if (line.keyIndent < threshold && line.key !== undefined) path.push(line.key);
      path.push(ITEM);
      threshold = line.dashIndent;
    } else if (line.keyIndent < threshold && line.key !== undefined) {
      path.push(line.key);
      threshold = line.keyIndent;
    }
  }
  path.reverse();
  if (colon) path.push(colon[2] ?? '');

  const siblings = new Set<string>();
  if (at === 'key') {
    for (const direction of [-1, 1]) {
      for (let i = position.line + direction; i >= 0 && i < lines.length; i += direction) {
        const text = lines[i] ?? '';
        if (direction < 0 ? onSeparator || isSeparator(text) : isSeparator(text)) break;
        const line = readLine(text);
        if (line.keyIndent < 0) continue;
        const startsItem = line.dashIndent >= 0 && line.dashIndent < indent;
        // Below, a new `- ` starts the next item; above, the `- ` line holds our item's first key.
        if (line.keyIndent < indent || (startsItem && direction > 0)) break;
        if (line.keyIndent === indent && line.key !== undefined) siblings.add(line.key);
        if (startsItem) break;
      }
    }
  }
  return { path, at, prefix: colon ? (colon[4] ?? '') : typed.trim(), siblings, inListItem };
}

/** The `apiVersion` and `kind` written in the document around `line`. */
export function gvkAround(source: string | readonly string[], line: number): { apiVersion?: string; kind?: string } {
  const lines = typeof source === 'string' ? source.split(/\r?\n/) : source;
  const { start, end } = documentLines(lines, line);
  const found: { apiVersion?: string; kind?: string } = {};
  for (const l of lines.slice(start, end + 1)) {
    const m = /^(apiVersion|kind):\s*["']?([^"'\s#]+)/.exec(l);
    if (m?.[1] && m[2]) found[m[1] as 'apiVersion' | 'kind'] = m[2];
  }
  return found;
}
