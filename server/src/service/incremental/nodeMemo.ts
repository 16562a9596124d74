/**
 * Results a rule computed from one YAML node's subtree, kept by the node itself for one held file. An incremental
 * parse keeps an unchanged piece's nodes (only their ranges move, in place), so a rule that reads nothing but the
 * subtree (and `deps`, compared by identity) may take its earlier result; the ranges it reports are read from the
 * nodes when the diagnostics are made. A whole parse makes new nodes, so nothing is reused across it.
 */
export class NodeMemo {
  private readonly kept = new Map<string, WeakMap<object, { deps: readonly unknown[]; value: unknown }>>();
  /** How many subtrees the last check took from here, and computed (for tests). */
  reused = 0;
  computed = 0;

  /** What is kept for `node` under `rule` (with no `deps`), if anything: a lookup that computes nothing. */
  peek<T>(rule: string, node: object): T | undefined {
    const entry = this.kept.get(rule)?.get(node);
    if (!entry || entry.deps.length > 0) return undefined;
    this.reused++;
    return entry.value as T;
  }

  /** `compute`'s result for `node`, kept under `rule` while the node and `deps` are the same. */
  get<T>(rule: string, node: object, deps: readonly unknown[], compute: () => T): T {
    let byNode = this.kept.get(rule);
    if (!byNode) this.kept.set(rule, (byNode = new WeakMap()));
    const entry = byNode.get(node);
    if (entry && entry.deps.length === deps.length && entry.deps.every((d, i) => Object.is(d, deps[i]))) {
      this.reused++;
      return entry.value as T;
    }
    const value = compute();
    byNode.set(node, { deps, value });
    this.computed++;
    return value;
  }
}
