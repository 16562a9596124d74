import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/**
 * Whether two parses hold the same data, node for node: scalar values and tags, anchors, aliases, key order. Aliases
 * are compared by name, not expanded, so an alias bomb costs nothing here. Comments and styles are not compared.
 */
function sameNode(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (isAlias(a) || isAlias(b)) return isAlias(a) && isAlias(b) && a.source === b.source;
  if (isPair(a) || isPair(b)) return isPair(a) && isPair(b) && sameNode(a.key, b.key) && sameNode(a.value, b.value);
  if (isScalar(a) || isScalar(b)) {
    if (!isScalar(a) || !isScalar(b)) return false;
    return a.tag === b.tag && a.anchor === b.anchor && sameValue(a.value, b.value);
  }
  if (isMap(a) && isMap(b)) return a.tag === b.tag && a.anchor === b.anchor && sameItems(a.items, b.items);
  if (isSeq(a) && isSeq(b)) return a.tag === b.tag && a.anchor === b.anchor && sameItems(a.items, b.items);
  return false;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return typeof a === typeof b && String(a) === String(b);
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => sameNode(item, b[i]));
}

export function sameDocuments(a: readonly Document.Parsed[], b: readonly Document.Parsed[]): boolean {
  return a.length === b.length && a.every((doc, i) => sameNode(doc.contents, b[i]?.contents));
}
