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

export const pointerOf = (parent: string, key: string | number): string => {
  const text = String(key);
  // Most keys have neither character: the model makes a pointer for every node of the file.
  return `${parent}/${text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text}`;
};

/** What the walk made of one node (a service, a network…): its value, and its pointers relative to its own. */
interface Part {
  readonly node: Node;
  readonly key: Node | undefined;
  readonly value: unknown;
  /** By pointer below the part's own ('' is the part itself, `/image` an entry of it); a part may hold parts. */
  readonly infos: Map<string, NodeInfo | Part>;
  /** How many nodes of the budget it used, and how many levels deep it goes. */
  readonly count: number;
  readonly height: number;
  /** Its interpolated strings, by pointer below its own: listed on first use, as the part never changes. */
  interpolated?: [string, NodeInfo][];
}

/**
 * The model's parts of a held file, kept between its versions: the value and pointers of each node two levels down
 * (each service, network, volume…), by the node itself. An incremental parse keeps an unchanged piece's nodes (only
 * their ranges move), so the next model takes that piece's part as it is instead of walking it again, wherever the
 * node now is (a syntax error may nest the services after it one level deeper). A part is kept only when nothing
 * outside it went into it (no alias or merge inside, not cut by the budget or the depth limit), and all are
 * forgotten when the variables the strings are interpolated with change.
 */
export class ComposeModelParts {
  private parts = new WeakMap<Node, Part>();
  private variables: string | undefined;
  /** How many parts the last model reused and walked (for tests). */
  reused = 0;
  walked = 0;

  /** The variables (a fingerprint of them) the next model interpolates with: when they changed, nothing is reused. */
  use(variables: string): void {
    if (variables !== this.variables) this.parts = new WeakMap();
    this.variables = variables;
  }

  /** @internal */
  get(node: Node, key: Node | undefined): Part | undefined {
    const part = this.parts.get(node);
    return part?.key === key ? part : undefined;
  }

  /** @internal */
  set(part: Part): void {
    this.parts.set(part.node, part);
  }
}

// With `merge: true` the parser gives a `<<` key a symbol value; without it, the plain string.
const isMergeKey = (key: unknown): boolean => isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol');

/** Whether a map's keys are plain and unique, with no merge: each entry's pointer then comes from one node only. */
const distinctKeys = (node: unknown): boolean => {
  if (!isMap(node)) return isSeq(node);
  const names: string[] = [];
  for (const pair of node.items) {
    if (!isScalar(pair.key) || isMergeKey(pair.key)) return false;
    names.push(String(pair.key.value));
  }
  // Most maps have a few keys: comparing them pairwise is cheaper than a set.
  if (names.length <= 8) return names.every((name, i) => names.indexOf(name) === i);
  return new Set(names).size === names.length;
};

/**
 * `lookup` interpolates strings as Compose does; without it (Kubernetes) strings are taken as written. With `parts`
 * (a held file), the parts that did not change are taken from the previous model instead of walked again.
 */
export function buildComposeModel(
  file: YamlFile,
  document: Document.Parsed,
  lookup?: Lookup,
  parts?: ComposeModelParts,
): ComposeModel {
  // A part's pointers are in its own map, which stands at the part's pointer in this one (so the order is kept).
  let infos = new Map<string, NodeInfo | Part>();
  let budget = NODE_BUDGET;
  let truncated = false;
  /** Set when the walk read something outside the node it walks: an alias, a merge. */
  let outside = false;
  let deepest = 0;
  if (parts) parts.reused = parts.walked = 0;

  /**
   * The value of a map entry that may be a part: the part kept for its node, else walked (into a part of its own
   * when `create`, two levels down).
   */
  const walkEntry = (node: Node, pointer: string, key: Node, visiting: Set<Node>, depth: number, create: boolean): unknown => {
    const kept = parts?.get(node, key);
    if (parts && kept && kept.count <= budget && depth + kept.height <= MAX_DEPTH) {
      budget -= kept.count;
      deepest = Math.max(deepest, depth + kept.height);
      infos.set(pointer, kept);
      parts.reused++;
      return kept.value;
    }
    if (!parts || !create) return walk(node, pointer, key, visiting, depth, true);
    const outer = infos;
    const saved = { budget, outside, deepest, truncated };
    const own = new Map<string, NodeInfo | Part>();
    infos = own;
    [outside, deepest] = [false, depth];
    const value = walk(node, '', key, visiting, depth, true);
    const part: Part = { node, key, value, infos: own, count: saved.budget - budget, height: deepest - depth };
    if (!outside && truncated === saved.truncated) parts.set(part);
    parts.walked++;
    infos = outer;
    infos.set(pointer, part);
    outside ||= saved.outside;
    deepest = Math.max(deepest, saved.deepest);
    return value;
  };

  // Written out rather than spread: one object per node of the file.
  const infoOf = (node: Node, key: Node | undefined): NodeInfo => (key ? { node, key } : { node });

  /** `plain`: no alias above, and every map above has distinct keys, so that a part may stand here. */
  const walk = (
    node: unknown,
    pointer: string,
    key: Node | undefined,
    visiting: Set<Node>,
    depth = 0,
    plain = false,
  ): unknown => {
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
    if (deeper > deepest) deepest = deeper;
    if (isAlias(node)) {
      outside = true;
      const target = node.resolve(document);
      if (!target || visiting.has(target)) return null;
      visiting.add(target);
      const value = walk(target, pointer, key, visiting, deeper);
      visiting.delete(target);
      infos.set(pointer, { ...infos.get(pointer), node, ...(key ? { key } : {}) });
      return value;
    }
    if (isMap(node)) {
      infos.set(pointer, infoOf(node, key));
      const out: Record<string, unknown> = {};
      const merges: unknown[] = [];
      // Below, an entry may be a part (`/services/web`), when nothing above is shared or repeated.
      const inParts = plain && visiting.size === 0 && distinctKeys(node);
      for (const pair of node.items) {
        if (isMergeKey(pair.key)) {
          outside = true;
          merges.push(...(isSeq(pair.value) ? pair.value.items : [pair.value]));
          continue;
        }
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (name === undefined || (pair.value as Node | null)?.tag === '!reset') continue;
        const at = pointerOf(pointer, name);
        const value = pair.value as Node | null;
        out[name] =
          inParts && (isMap(value) || isSeq(value))
            ? walkEntry(value, at, pair.key as Node, visiting, deeper, depth === 1)
            : walk(value, at, pair.key as Node, visiting, deeper, inParts);
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
      infos.set(pointer, infoOf(node, key));
      return node.items
        .filter((item) => (item as Node | null)?.tag !== '!reset')
        .map((item, i) => walk(item, pointerOf(pointer, i), undefined, visiting, deeper));
    }
    if (isScalar(node)) {
      if (lookup && typeof node.value === 'string' && node.value.includes('$')) {
        const interpolation = interpolate(node.value, lookup);
        infos.set(pointer, key ? { node, key, interpolation } : { node, interpolation });
        return interpolation.value;
      }
      infos.set(pointer, infoOf(node, key));
      // Compose reads `0440` as octal (YAML 1.1 style), as file modes are written; YAML 1.2 would say 440.
      if (typeof node.value === 'number' && typeof node.source === 'string' && /^0[0-7]+$/.test(node.source))
        return parseInt(node.source, 8);
      return node.value;
    }
    return null;
  };

  const value = walk(document.contents, '', undefined, new Set(), 0, parts !== undefined);
  const rangeOfNode = (node: Node | undefined): Range | undefined =>
    node?.range ? file.rangeOf(node.range[0], node.range[1]) : undefined;
  const isPart = (entry: NodeInfo | Part | undefined): entry is Part => entry !== undefined && 'count' in entry;
  const find = (map: Map<string, NodeInfo | Part>, pointer: string): NodeInfo | undefined => {
    const entry = map.get(pointer);
    if (isPart(entry)) return find(entry.infos, '');
    if (entry || !parts) return entry;
    // The nearest pointer above that this map holds: a part (the pointer is in it), or a plain node (nothing is there).
    for (let at = pointer.lastIndexOf('/'); at > 0; at = pointer.lastIndexOf('/', at - 1)) {
      const above = map.get(pointer.slice(0, at));
      if (above) return isPart(above) ? find(above.infos, pointer.slice(at)) : undefined;
    }
    return undefined;
  };
  const info = (pointer: string): NodeInfo | undefined => find(infos, pointer);
  function* interpolated(map: Map<string, NodeInfo | Part>, prefix: string): Generator<[string, NodeInfo]> {
    for (const [pointer, entry] of map) {
      if (isPart(entry)) {
        entry.interpolated ??= [...interpolated(entry.infos, '')];
        for (const [below, info] of entry.interpolated) yield [prefix + pointer + below, info];
      } else if (entry.interpolation) yield [prefix + pointer, entry];
    }
  }
  return {
    value,
    file,
    truncated,
    info,
    interpolated: () => interpolated(infos, ''),
    keyRange: (pointer) => rangeOfNode(info(pointer)?.key ?? info(pointer)?.node),
    valueRange: (pointer) => rangeOfNode(info(pointer)?.node),
  };
}
