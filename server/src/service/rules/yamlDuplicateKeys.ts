import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Diagnostic } from '../types';
import type { YamlFile } from '../yamlFile';
import { CODE, coded } from './registry';

export const duplicateKeyMessage = (key: string): string => `Map keys must be unique: '${key}' is already defined above`;

/**
 * Rule `yaml/duplicate-key`: a key written twice in one mapping (tools keep one of the two values, silently).
 * A plain loop over the tree with an explicit stack: it runs on every keystroke, on files of thousands of documents.
 */
export function yamlDuplicateKeyDiagnostics(file: YamlFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: unknown[] = file.documents.map((d) => d.contents);
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) {
      stack.push(...node.items);
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        stack.push(pair.value);
        if (!isScalar(pair.key) || typeof pair.key.value === 'symbol') continue; // `<<` may repeat
        const key = String(pair.key.value);
        const range = (pair.key as Node).range;
        if (seen.has(key) && range)
          out.push({
            range: file.rangeOf(range[0], range[1]),
            ...coded(CODE.yamlDuplicateKey),
            message: duplicateKeyMessage(key),
          });
        seen.add(key);
      }
    } else if (isAlias(node)) {
      // An alias repeats a node checked where its anchor is.
    }
  }
  return out;
}
