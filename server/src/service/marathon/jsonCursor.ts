import { getLocation, type Node } from 'jsonc-parser';
import { isMap, isScalar, type Document } from 'yaml';
import { ITEM, type CursorContext } from '../cursor';
import type { Position, Range } from '../types';

/**
 * Where the cursor stands in a JSON document: the same `CursorContext` the YAML cursor gives (so completion and hover
 * read the schemas the same way), plus the JSON string being typed, which an item replaces quotes and all. Read by
 * jsonc-parser's scanner, which works on half-typed text.
 */
export interface JsonCursor extends CursorContext {
  /** The string under the cursor (a key or a value), quotes included; undefined between tokens. */
  readonly string?: Range;
}

/** The offset of a position in a text with `\n` or `\r\n` line breaks. */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + position.character);
}

/** The range of a string node, when the cursor is inside it (the scanner's node may run to the end of an unclosed string). */
function stringAround(
  text: string,
  node: Node | undefined,
  offset: number,
  toPosition: (o: number) => Position,
): Range | undefined {
  // A key's node is a 'property' (jsonc-parser's name for it), a value's a 'string'.
  if (!node || (node.type !== 'string' && node.type !== 'property')) return undefined;
  if (offset <= node.offset || offset > node.offset + node.length) return undefined;
  if (offset === node.offset + node.length && text.charAt(offset - 1) === '"' && node.length > 1) return undefined;
  return { start: toPosition(node.offset), end: toPosition(node.offset + node.length) };
}

/** The keys already written in the mapping at `path` (from the file's parse, kept per version). */
function keysAt(document: Document.Parsed | undefined, path: readonly (string | number)[]): Set<string> {
  const node = path.length === 0 ? document?.contents : document?.getIn(path, true);
  if (!isMap(node)) return new Set();
  return new Set(node.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : [])));
}

export function jsonCursorContext(
  text: string,
  position: Position,
  document: Document.Parsed | undefined,
  toPosition: (offset: number) => Position,
): JsonCursor {
  const offset = offsetAt(text, position);
  const location = getLocation(text, offset);
  const node = location.previousNode;
  const string = stringAround(text, node, offset, toPosition);
  const typed = string && node ? text.slice(node.offset + 1, offset) : '';
  const steps = location.path.map((step) => (typeof step === 'number' ? ITEM : step));
  if (location.isAtPropertyKey) {
    const path = steps.slice(0, -1);
    const exact = location.path.slice(0, -1);
    const siblings = keysAt(document, exact);
    const own = location.path[location.path.length - 1];
    if (typeof own === 'string' && string) siblings.delete(own);
    return { path, at: 'key', prefix: typed, siblings, inListItem: false, ...(string ? { string } : {}) };
  }
  const inList = typeof location.path[location.path.length - 1] === 'number';
  return { path: steps, at: 'value', prefix: typed, siblings: new Set(), inListItem: inList, ...(string ? { string } : {}) };
}

/** The property key under the cursor, its range (inside the quotes) and its path; undefined elsewhere. */
export function jsonKeyAt(
  text: string,
  position: Position,
  toPosition: (offset: number) => Position,
): { key: string; range: Range; path: (string | number)[] } | undefined {
  const offset = offsetAt(text, position);
  const location = getLocation(text, offset);
  const node = location.previousNode;
  const key = location.path[location.path.length - 1];
  if (!location.isAtPropertyKey || !node || typeof key !== 'string' || node.type !== 'property') return undefined;
  if (offset < node.offset || offset > node.offset + node.length) return undefined;
  const path = location.path.map((step) => (typeof step === 'number' ? ITEM : step));
  return { key, range: { start: toPosition(node.offset + 1), end: toPosition(node.offset + node.length - 1) }, path };
}
