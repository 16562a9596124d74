import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ProjectHost } from '../../host';
import { parseYamlFile } from '../../yamlFile';
import type { Lookup } from '../interpolation';
import { buildComposeModel, pointerOf } from '../composeModel';
import { asRecord } from '../names';
import type { MergeTag, TagLookup } from './merge';
import { fileUriOf } from './paths';

/** One compose file read for loading: its interpolated value and its merge tags, or why it cannot be used. */
export interface LoadedFile {
  readonly path: string;
  readonly value: Record<string, unknown>;
  readonly tagOf: TagLookup;
}

function collectTags(node: unknown, pointer: string, tags: Map<string, MergeTag>): void {
  const tag = (node as Node | null)?.tag;
  if (tag === '!override' || tag === '!reset') tags.set(pointer, tag.slice(1) as MergeTag);
  if (isMap(node)) {
    for (const pair of node.items)
      if (isScalar(pair.key)) collectTags(pair.value, pointerOf(pointer, String(pair.key.value)), tags);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => collectTags(item, pointerOf(pointer, i), tags));
  }
}

/**
 * Reads, parses and interpolates one file. A file with YAML errors, an unset required variable (`${X:?msg}`) or a
 * document that is not a mapping gives messages instead: a deploy never starts from a file it only half read.
 */
export function readComposeFile(host: ProjectHost, path: string, lookup: Lookup): LoadedFile | { errors: string[] } {
  const text = host.readFile(fileUriOf(path));
  if (text === undefined) return { errors: [`${path}: cannot be read`] };
  const file = parseYamlFile(text);
  const where = (offset: number): string => {
    const position = file.positionAt(offset);
    return `${path}:${position.line + 1}:${position.character + 1}`;
  };
  if (file.errors.length > 0)
    return { errors: file.errors.slice(0, 5).map((e) => `${where(e.pos[0])}: ${e.message.split('\n')[0] ?? ''}`) };
  const document = file.documents[0];
  if (!document || document.contents === null) return { path, value: {}, tagOf: () => undefined };
  if (!isMap(document.contents)) return { errors: [`${path}: the file is not a mapping of top-level keys`] };
  const model = buildComposeModel(file, document, lookup);
  if (model.truncated) return { errors: [`${path}: too many aliases expanded (an alias bomb?)`] };
  const errors: string[] = [];
  for (const [, info] of model.interpolated()) {
    const at = (offset: number): string => where((info.node.range?.[0] ?? 0) + offset);
    for (const problem of info.interpolation?.problems ?? []) errors.push(`${at(problem.start)}: ${problem.message}`);
    for (const use of info.interpolation?.uses ?? []) {
      const missing = use.value === undefined || (use.operator === ':?' && use.value === '');
      if (missing && (use.operator === ':?' || use.operator === '?'))
        errors.push(
          `${at(use.start)}: required variable ${use.name} is missing a value${use.argument ? `: ${use.argument}` : ''}`,
        );
    }
  }
  if (errors.length > 0) return { errors };
  const tags = new Map<string, MergeTag>();
  collectTags(document.contents, '', tags);
  return { path, value: asRecord(model.value), tagOf: (pointer) => tags.get(pointer) };
}
