import { isMap, isScalar, type Node } from 'yaml';
import type { SourceFile } from './sourceFile';
import type { Range } from './types';

export interface DocumentSymbol {
  readonly name: string;
  readonly kind: 'section' | 'entry' | 'object';
  readonly detail?: string;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: readonly DocumentSymbol[];
}

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'include'];

/**
 * The outline: for Compose and stack files the top-level sections with their entries (services, networks…); for
 * Kubernetes one `Kind/name` per document (and per List item).
 */
export function getDocumentSymbols(file: SourceFile): DocumentSymbol[] {
  // A node's range without the blanks after it: where a parse ends a block (before or after the next line's
  // indentation) is not part of what the outline shows.
  const rangeOf = (node: Node | null | undefined): Range | undefined => {
    if (!node?.range) return undefined;
    let end = node.range[1];
    while (end > node.range[0] && /\s/.test(file.text[end - 1] ?? '')) end--;
    return file.yaml.rangeOf(node.range[0], end);
  };
  if (file.kind === 'compose' || file.kind === 'stack') {
    const root = file.yaml.documents[0]?.contents;
    if (!isMap(root)) return [];
    return root.items.flatMap((pair): DocumentSymbol[] => {
      const key = pair.key as Node | null;
      const name = isScalar(key) ? String(key.value) : undefined;
      const keyRange = rangeOf(key);
      if (!name || !keyRange || !SECTIONS.includes(name)) return [];
      const value = pair.value as Node | null;
      const children = isMap(value)
        ? value.items.flatMap((entry): DocumentSymbol[] => {
            const entryKey = entry.key as Node | null;
            const entryRange = rangeOf(entryKey);
            const entryValue = rangeOf(entry.value as Node | null);
            if (!isScalar(entryKey) || !entryRange) return [];
            const range = entryValue ? { start: entryRange.start, end: entryValue.end } : entryRange;
            return [{ name: String(entryKey.value), kind: 'entry', range, selectionRange: entryRange, children: [] }];
          })
        : [];
      const valueRange = rangeOf(value);
      return [
        {
          name,
          kind: 'section',
          range: valueRange ? { start: keyRange.start, end: valueRange.end } : keyRange,
          selectionRange: keyRange,
          children,
        },
      ];
    });
  }
  if (file.kind !== 'kubernetes') return [];
  return file.yaml.documents.flatMap((document): DocumentSymbol[] => {
    const root = document.contents;
    if (!isMap(root)) return [];
    const get = (map: unknown, key: string): unknown => (isMap(map) ? map.get(key, true) : undefined);
    const kind = get(root, 'kind');
    const name = get(get(root, 'metadata'), 'name');
    const range = rangeOf(root);
    if (!isScalar(kind) || !range) return [];
    const label = `${String(kind.value)}/${isScalar(name) ? String(name.value) : '?'}`;
    const selectionRange = rangeOf(isScalar(name) ? name : kind) ?? range;
    const apiVersion = get(root, 'apiVersion');
    return [
      {
        name: label,
        kind: 'object',
        ...(isScalar(apiVersion) ? { detail: String(apiVersion.value) } : {}),
        range,
        selectionRange,
        children: [],
      },
    ];
  });
}
