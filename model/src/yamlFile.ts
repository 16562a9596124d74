import { parseAllDocuments, YAMLMap, YAMLSeq, Scalar } from 'yaml';
import type { CollectionTag, Document, ScalarTag, YAMLError } from 'yaml';
import type { Position, Range } from './text';

/**
 * One YAML file parsed once: every document of a multi-document stream, with the errors and warnings of each, and a
 * line table to turn offsets into positions. Parsing never throws: a broken file gives documents plus errors.
 */
export interface YamlFile {
  readonly text: string;
  readonly documents: readonly Document.Parsed[];
  readonly errors: readonly YAMLError[];
  readonly warnings: readonly YAMLError[];
  positionAt(offset: number): Position;
  rangeOf(start: number, end: number): Range;
}

/**
 * Compose's merge tags `!reset` and `!override` may stand on any node; the parser must know them so that they are
 * neither warnings ("unresolved tag") nor change the node's shape.
 */
function composeTags(): (CollectionTag | ScalarTag)[] {
  return ['!reset', '!override'].flatMap((tag): (CollectionTag | ScalarTag)[] => [
    { tag, collection: 'map', nodeClass: YAMLMap, identify: () => false },
    { tag, collection: 'seq', nodeClass: YAMLSeq, identify: () => false },
    { tag, identify: () => false, resolve: (value: string) => new Scalar(value).value },
  ]);
}

/**
 * Offset → position from the text's own line breaks. `yaml`'s LineCounter is fed by the lexer and misses the line
 * breaks inside a multi-line plain scalar that error recovery produced, which put later errors on the wrong line
 * (found by the LSP fuzz test).
 */
function positionIndex(text: string): (offset: number) => Position {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - (starts[low] ?? 0) };
  };
}

/** How every YAML file is parsed (a file parsed in pieces, incremental/composeParse.ts, parses each with these). */
export const YAML_PARSE_OPTIONS = {
  prettyErrors: false,
  merge: true,
  // The parser's own duplicate-key check compares each key with every earlier one (quadratic: seconds for a map
  // of 20,000 services); rules/yamlDuplicateKeys.ts does it with a set per map.
  uniqueKeys: false,
  customTags: composeTags(),
} as const;

export function parseYamlFile(text: string): YamlFile {
  const parsed = parseAllDocuments(text, YAML_PARSE_OPTIONS);
  // An empty stream (comments only, or nothing) is an empty array that carries the stream's own errors.
  const isEmpty = 'empty' in parsed;
  const documents: Document.Parsed[] = isEmpty ? [] : parsed;
  const errors = isEmpty ? parsed.errors : documents.flatMap((d) => d.errors);
  const warnings = isEmpty ? parsed.warnings : documents.flatMap((d) => d.warnings);
  return yamlFileOf(text, documents, errors, warnings);
}

/** A YamlFile over documents parsed elsewhere (in pieces), with offsets into `text`. */
export function yamlFileOf(
  text: string,
  documents: readonly Document.Parsed[],
  errors: readonly YAMLError[] = documents.flatMap((d) => d.errors),
  warnings: readonly YAMLError[] = documents.flatMap((d) => d.warnings),
): YamlFile {
  const index = positionIndex(text);
  const positionAt = (offset: number): Position => index(Math.max(0, Math.min(offset, text.length)));
  return {
    text,
    documents,
    errors,
    warnings,
    positionAt,
    rangeOf: (start, end) => ({ start: positionAt(start), end: positionAt(Math.max(start, end)) }),
  };
}
