import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Range } from '../text';
import type { YamlFile } from '../yamlFile';
import { interpolate, type Interpolated, type Lookup } from './interpolation';

/** Where a value of the model came from. */
export interface NodeInfo {
  /** The YAML node of the value (for an alias: the alias itself, where the user wrote it). */
  readonly node: Node;
  /** The key scalar of the pair that holds the value, when the value is a map entry. */
  readonly key?: Node;
  /** Set when the value was a string with variables: what interpolation made of it. */
  readonly interpolation?: Interpolated;
}

/**
 * A Compose/stack document as the tools see it: aliases and `<<` merges resolved, `!reset` entries dropped, every
 * string interpolated; and for every JSON pointer (`/services/web/ports/0`) the node it came from.
 */
export interface ComposeModel {
  readonly value: unknown;
  readonly file: YamlFile;
  info(pointer: string): NodeInfo | undefined;
  /** Every value that went through interpolation, with its pointer. */
  interpolated(): Iterable<[string, NodeInfo]>;
  /** The range of the key of the entry at `pointer`, else of its value. */
  keyRange(pointer: string): Range | undefined;
  valueRange(pointer: string): Range | undefined;
  /** True when alias expansion hit the budget: the model is incomplete, so schema checks are skipped. */
  readonly truncated: boolean;
}

/** More nodes than this in the expanded tree means an alias bomb (or a file too big to model): stop expanding. */
export const NODE_BUDGET = 200_000;
/** Deeper than this is no configuration anyone writes; it is a cycle through merges, or an attack. */
export const MAX_DEPTH = 64;

export const pointerOf = (parent: string, key: string | number): string =>
  `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

// With `merge: true` the parser gives a `<<` key a symbol value; without it, the plain string.
const isMergeKey = (key: unknown): boolean => isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol');

/** `lookup` interpolates strings as Compose does; without it (Kubernetes) strings are taken as written. */
export function buildComposeModel(file: YamlFile, document: Document.Parsed, lookup?: Lookup): ComposeModel {
  const infos = new Map<string, NodeInfo>();
  let budget = NODE_BUDGET;
  let truncated = false;

  const walk = (node: unknown, pointer: string, key: Node | undefined, visiting: Set<Node>, depth = 0): unknown => {
    if (node === null || node === undefined) {
      // `key:` with nothing after it: the key is all there is to point at.
      if (key) infos.set(pointer, { node: key, key });
      return null;
    }
    if (--budget < 0 || depth > MAX_DEPTH) {
      truncated = true;
      return null;
    }
    const deeper = depth + 1;
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (!target || visiting.has(target)) return null;
      visiting.add(target);
      const value = walk(target, pointer, key, visiting, deeper);
      visiting.delete(target);
      infos.set(pointer, { ...infos.get(pointer), node, ...(key ? { key } : {}) });
      return value;
    }
    if (isMap(node)) {
      infos.set(pointer, { node, ...(key ? { key } : {}) });
      const out: Record<string, unknown> = {};
      const merges: unknown[] = [];
      for (const pair of node.items) {
        if (isMergeKey(pair.key)) {
          merges.push(...(isSeq(pair.value) ? pair.value.items : [pair.value]));
          continue;
        }
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (name === undefined || (pair.value as Node | null)?.tag === '!reset') continue;
        out[name] = walk(pair.value, pointerOf(pointer, name), pair.key as Node, visiting, deeper);
      }
      // Entries written in the map win over merged ones; earlier merge sources win over later ones.
      for (const source of merges) {
        const resolved = isAlias(source) ? source.resolve(document) : source;
        // A map that merges itself (directly or through its ancestors) adds nothing new.
        if (!isMap(resolved) || resolved === node || visiting.has(resolved)) continue;
        visiting.add(resolved);
        for (const pair of resolved.items) {
          const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
          if (name === undefined || name in out || isMergeKey(pair.key)) continue;
          out[name] = walk(pair.value, pointerOf(pointer, name), pair.key as Node, visiting, deeper);
        }
        visiting.delete(resolved);
      }
      return out;
    }
    if (isSeq(node)) {
      infos.set(pointer, { node, ...(key ? { key } : {}) });
      return node.items
        .filter((item) => (item as Node | null)?.tag !== '!reset')
        .map((item, i) => walk(item, pointerOf(pointer, i), undefined, visiting, deeper));
    }
    if (isScalar(node)) {
      if (lookup && typeof node.value === 'string' && node.value.includes('$')) {
        const interpolation = interpolate(node.value, lookup);
        infos.set(pointer, { node, ...(key ? { key } : {}), interpolation });
        return interpolation.value;
      }
      infos.set(pointer, { node, ...(key ? { key } : {}) });
      // Compose reads `0440` as octal (YAML 1.1 style), as file modes are written; YAML 1.2 would say 440.
      if (typeof node.value === 'number' && typeof node.source === 'string' && /^0[0-7]+$/.test(node.source))
        return parseInt(node.source, 8);
      return node.value;
    }
    return null;
  };

  const value = walk(document.contents, '', undefined, new Set());
  const rangeOfNode = (node: Node | undefined): Range | undefined =>
    node?.range ? file.rangeOf(node.range[0], node.range[1]) : undefined;
  return {
    value,
    file,
    truncated,
    info: (pointer) => infos.get(pointer),
    *interpolated() {
      for (const entry of infos) if (entry[1].interpolation) yield entry;
    },
    keyRange: (pointer) => rangeOfNode(infos.get(pointer)?.key ?? infos.get(pointer)?.node),
    valueRange: (pointer) => rangeOfNode(infos.get(pointer)?.node),
  };
}
