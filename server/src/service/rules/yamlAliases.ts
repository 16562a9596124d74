import { isAlias, visit } from 'yaml';
import type { Diagnostic } from '../types';
import type { YamlFile } from '../yamlFile';
import { CODE, coded } from './registry';

export const unknownAnchorMessage = (name: string): string => `Alias *${name} refers to no anchor &${name} before it`;

/**
 * Rule `yaml/bad-alias`: an alias must name an anchor defined earlier in the same document. The parser accepts such
 * a file and only fails when the value is used, so this is checked here, where the position is still known.
 */
export function yamlAliasDiagnostics(file: YamlFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // No `*`, no alias: spare the walk over every node (most manifests).
  if (!file.text.includes('*')) return diagnostics;
  for (const document of file.documents) {
    visit(document, {
      Alias(_key, alias) {
        if (!isAlias(alias) || alias.resolve(document) !== undefined) return;
        const [start, end] = alias.range ?? [0, 0];
        diagnostics.push({
          range: file.rangeOf(start, end),
          ...coded(CODE.yamlBadAlias),
          message: unknownAnchorMessage(alias.source),
        });
      },
    });
  }
  return diagnostics;
}
