import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { NodeMemo } from '../incremental/nodeMemo';
import type { Diagnostic } from '../types';
import type { YamlFile } from '../yamlFile';
import { CODE, coded } from './registry';

export const duplicateKeyMessage = (key: string): string => `Map keys must be unique: '${key}' is already defined above`;

/** How deep a subtree starts to be kept whole in the memo: two levels down, a service (`services` → `web`). */
const KEPT_DEPTH = 2;

const RULE = 'yaml/duplicate-key';

/**
 * The key nodes written a second time in a map, in `root`'s subtree. A plain loop with an explicit stack (it runs on
 * every keystroke, on files of thousands of documents). With `memo`, each subtree two levels down is kept in it, and
 * a deeper subtree kept earlier is taken from it (a syntax error may nest the services after it one level deeper).
 * A subtree's findings come out together (the stack finishes a node's descendants before what lies under it), so a
 * kept subtree's findings are put where its walk would have put them.
 */
function duplicateKeys(root: unknown, out: Node[], memo: NodeMemo | undefined, depth = 0): void {
  const stack: [unknown, number][] = [[root, depth]];
  let first = true;
  while (stack.length > 0) {
    const [node, at = 0] = stack.pop() ?? [];
    const own = first;
    first = false;
    if (memo && !own && at >= KEPT_DEPTH && (isMap(node) || isSeq(node))) {
      const kept =
        at === KEPT_DEPTH
          ? memo.get(RULE, node, [], () => {
              const found: Node[] = [];
              duplicateKeys(node, found, memo, at);
              return found;
            })
          : memo.peek<Node[]>(RULE, node);
      if (kept) {
        out.push(...kept);
        continue;
      }
    }
    const below = at + 1;
    if (isSeq(node)) {
      for (const item of node.items) stack.push([item, below]);
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        stack.push([pair.value, below]);
        if (!isScalar(pair.key) || typeof pair.key.value === 'symbol') continue; // `<<` may repeat
        const key = String(pair.key.value);
        if (seen.has(key) && pair.key.range) out.push(pair.key);
        seen.add(key);
      }
    }
    // An alias repeats a node checked where its anchor is.
  }
}

/**
 * Rule `yaml/duplicate-key`: a key written twice in one mapping (tools keep one of the two values, silently). With
 * `memo` (a held Compose file), what each unchanged service held is reused (incremental/nodeMemo.ts).
 */
export function yamlDuplicateKeyDiagnostics(file: YamlFile, memo?: NodeMemo): Diagnostic[] {
  const keys: Node[] = [];
  for (const document of file.documents) duplicateKeys(document.contents, keys, memo);
  return keys.flatMap((key) => {
    const range = key.range;
    return range
      ? [
          {
            range: file.rangeOf(range[0], range[1]),
            ...coded(CODE.yamlDuplicateKey),
            message: duplicateKeyMessage(String((key as { value?: unknown }).value)),
          },
        ]
      : [];
  });
}
