import { isMap, isScalar, visit } from 'yaml';
import type { Diagnostic } from '../types';
import type { YamlFile } from '../yamlFile';

export const YAML_DUPLICATE_KEY = 'yaml/duplicate-key';
export const duplicateKeyMessage = (key: string): string => `Map keys must be unique: '${key}' is already defined above`;

/** Rule `yaml/duplicate-key`: a key written twice in one mapping (tools keep one of the two values, silently). */
export function yamlDuplicateKeyDiagnostics(file: YamlFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const document of file.documents) {
    visit(document, {
      Map(_key, map) {
        if (!isMap(map)) return;
        const seen = new Set<string>();
        for (const pair of map.items) {
          if (!isScalar(pair.key) || typeof pair.key.value === 'symbol') continue; // `<<` may repeat
          const key = String(pair.key.value);
          const range = pair.key.range;
          if (seen.has(key) && range)
            out.push({
              range: file.rangeOf(range[0], range[1]),
              severity: 'error',
              code: YAML_DUPLICATE_KEY,
              message: duplicateKeyMessage(key),
            });
          seen.add(key);
        }
      },
    });
  }
  return out;
}
