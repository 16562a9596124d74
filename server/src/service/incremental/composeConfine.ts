import { isCollection, isNode, isPair, isScalar, parseDocument, YAMLMap, type Pair, type YAMLError } from 'yaml';
import { YAML_PARSE_OPTIONS } from '../yamlFile';

export type Range3 = [number, number, number];

/** A piece of a Compose file's text, and where it starts in the file. */
export interface Piece {
  readonly text: string;
  readonly offset: number;
  /** For the `services:` header: the service pieces under it. */
  readonly children?: readonly Piece[];
}

/** Moves a node and everything under it by `delta` characters. */
export function moveNode(node: unknown, delta: number): void {
  if (isPair(node)) {
    moveNode(node.key, delta);
    moveNode(node.value, delta);
    return;
  }
  if (!isNode(node)) return;
  const range = node.range;
  if (range) for (let i = 0; i < 3; i++) range[i] = (range[i] ?? 0) + delta;
  if (isCollection(node)) for (const item of node.items) moveNode(item, delta);
}

/** Moves each error's position by `delta` characters. */
export function moveErrors(errors: readonly YAMLError[], delta: number): void {
  for (const error of errors) (error.pos as number[]).forEach((p, i, pos) => (pos[i] = p + delta));
}

/** Where a pair's value ends (its key's end when it has none). */
export function endOf(pair: unknown): number | undefined {
  if (!isPair(pair)) return undefined;
  const node = (pair.value ?? pair.key) as { range?: Range3 } | null | undefined;
  return node?.range?.[1];
}

/**
 * Whether two parses are the same nodes: kinds, values, ranges, tags and
 * styles (comments aside: no rule reads them, and a piece's comments are placed apart from where a whole parse puts them).
 */
export function sameNode(a: unknown, b: unknown): boolean {
  if (isPair(a) || isPair(b)) return isPair(a) && isPair(b) && sameNode(a.key, b.key) && sameNode(a.value, b.value);
  if (!isNode(a) || !isNode(b)) return a === b;
  if (a.constructor !== b.constructor || a.tag !== b.tag) return false;
  const [ra, rb] = [a.range, b.range];
  if (!ra || !rb || ra.some((x, i) => x !== rb[i])) return false;
  if (isScalar(a)) return isScalar(b) && Object.is(a.value, b.value) && a.type === b.type && a.source === b.source;
  if (!isCollection(a) || !isCollection(b)) return false;
  return a.flow === b.flow && a.items.length === b.items.length && a.items.every((item, i) => sameNode(item, b.items[i]));
}

/** What the services are, when one service's piece holds a syntax error that stays in it. */
export interface Confined {
  /** The `services:` map's pairs, in order. */
  readonly items: Pair[];
  readonly errors: YAMLError[];
  readonly warnings: YAMLError[];
}

/**
 * The services when the piece of service `j` is not one clean pair (a syntax error, two keys) and every other is:
 * parsed as a whole parse would read it, from a small window instead of the whole file. The window is the
 * `services:` header, the service before, the piece and the two after it. The parse of the window must give the
 * service before and the two after exactly as they parse alone, its errors and warnings must lie in the piece, and
 * the two after must be the last items of one collection: the `services:` map (the error stayed in its service) or a
 * collection the error opened (the parser's recovery took the rest of the services into it). The services after
 * those two parse alone too and start at the same indentation, so the parser reads each the same way, into the same
 * collection. Undefined when any of that fails: the caller parses the whole file.
 */
export function confine(
  header: Piece,
  children: readonly Piece[],
  pairs: readonly (Pair | undefined)[],
  j: number,
  text: string,
  valueEnd: number,
  end: number,
): Confined | undefined {
  const [prev, piece, next, after] = [children[j - 1], children[j], pairs[j + 1], pairs[j + 2]];
  const lastPiece = children[j + 2];
  if (!piece || !next || !after || !lastPiece || (prev && !pairs[j - 1])) return undefined;
  const from = prev ?? piece;
  const window = header.text + text.slice(from.offset, lastPiece.offset + lastPiece.text.length);
  const delta = from.offset - header.text.length;
  const doc = parseDocument(window, YAML_PARSE_OPTIONS);
  const root = doc.contents;
  const services = root instanceof YAMLMap && root.items.length === 1 ? (root.items[0] as Pair).value : undefined;
  if (!(services instanceof YAMLMap)) return undefined;
  moveErrors(doc.errors, delta);
  moveErrors(doc.warnings, delta);
  const inPiece = (e: YAMLError): boolean => e.pos[0] >= piece.offset && e.pos[1] <= piece.offset + piece.text.length;
  if (!doc.errors.every(inPiece) || !doc.warnings.every(inPiece)) return undefined;
  // The window's nodes where they are in the file, to compare with the services parsed alone.
  for (const item of services.items) moveNode(item, delta);
  if (prev && !sameNode(services.items[0], pairs[j - 1])) return undefined;
  // Down the last items, to the collection that ends with the two services after the piece.
  const chain: { items: unknown[]; range?: Range3 | null }[] = [];
  for (let c: { items: unknown[] } = services; ;) {
    const n = c.items.length;
    if (n >= 2 && sameNode(c.items[n - 2], next) && sameNode(c.items[n - 1], after)) break;
    const last = c.items[n - 1];
    const value = isPair(last) ? last.value : last;
    if (!isCollection(value) || (c === services && n === 1 && prev)) return undefined;
    chain.push(value);
    c = value;
  }
  const windowEnd = endOf(after);
  // A collection the error opened ends where the services end; trailing comments would be placed otherwise.
  if (chain.length > 0 && (end !== valueEnd || chain.some((c) => c.range?.[1] !== windowEnd || c.range?.[2] !== windowEnd)))
    return undefined;
  const holder = chain[chain.length - 1] ?? services;
  holder.items.splice(holder.items.length - 2, 2, ...(pairs.slice(j + 1) as Pair[]));
  for (const c of chain) if (c.range) c.range = [c.range[0], valueEnd, valueEnd];
  const own = services.items.slice(prev ? 1 : 0) as Pair[];
  return { items: [...(pairs.slice(0, j) as Pair[]), ...own], errors: doc.errors, warnings: doc.warnings };
}
