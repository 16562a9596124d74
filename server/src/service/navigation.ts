import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { buildComposeModel, pointerOf } from './compose/model';
import { asRecord, SECTIONS, type Section } from './compose/names';
import { objectReferences, serviceReferences } from '@stevedore/model';
import type { ValidationContext } from './context';
import { objectsOfFile, type KubeObject } from './kubernetes/objects';
import type { SourceFile } from './sourceFile';
import type { Position, Range, TextEdit } from './types';
import { resolveUri } from './host';
import { ProjectReader, projectGroup } from './compose/projectFiles';

export interface Location {
  readonly uri: string;
  readonly range: Range;
}

/** A name used in a Compose file: where it is defined and every place that names it. */
interface NameUses {
  readonly section: Section;
  readonly name: string;
  readonly definition?: Range;
  readonly uses: readonly Range[];
}

const contains = (range: Range, position: Position): boolean =>
  (position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character)) &&
  (position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character));

/** The range of `name` inside a value such as `db:ro` or `service:db` (the name, not the whole value). */
function narrow(range: Range, written: string, name: string): Range {
  const at = written.indexOf(name);
  if (at < 0 || range.start.line !== range.end.line) return range;
  const start = {
    line: range.start.line,
    character: range.start.character + at + (range.end.character - range.start.character > written.length ? 1 : 0),
  };
  return { start, end: { line: start.line, character: start.character + name.length } };
}

/** Every Compose name of the file with its definition and uses. */
function composeNames(file: SourceFile): NameUses[] {
  const document = file.yaml.documents[0];
  if (!document) return [];
  const model = buildComposeModel(file.yaml, document);
  const root = asRecord(model.value);
  const byName = new Map<string, { definition?: Range; uses: Range[] }>();
  const entry = (section: Section, name: string): { definition?: Range; uses: Range[] } => {
    const key = `${section}\u0000${name}`;
    let found = byName.get(key);
    if (!found) byName.set(key, (found = { uses: [] }));
    return found;
  };
  for (const section of SECTIONS) {
    for (const name of Object.keys(asRecord(root[section]))) {
      const range = model.keyRange(pointerOf(pointerOf('', section), name));
      if (range) entry(section, name).definition = range;
    }
  }
  for (const [service, definition] of Object.entries(asRecord(root['services']))) {
    for (const ref of serviceReferences(asRecord(definition), pointerOf('/services', service))) {
      const range = ref.atKey ? model.keyRange(ref.pointer) : model.valueRange(ref.pointer);
      const info = model.info(ref.pointer);
      const written = isScalar(info?.node) ? String(info.node.value) : ref.name;
      if (range) entry(ref.section, ref.name).uses.push(ref.atKey ? range : narrow(range, written, ref.name));
    }
  }
  return [...byName].map(([key, found]) => {
    const [section, name] = key.split('\u0000') as [Section, string];
    return { section, name, ...(found.definition ? { definition: found.definition } : {}), uses: found.uses };
  });
}

/** Anchors and the aliases that name them, per document. */
function anchors(file: SourceFile): NameUses[] {
  const out: NameUses[] = [];
  const rangeOf = (start: number, end: number): Range => file.yaml.rangeOf(start, end);
  file.yaml.documents.forEach((document: Document.Parsed) => {
    const defined = new Map<string, { definition?: Range; uses: Range[] }>();
    const stack: unknown[] = [document.contents];
    while (stack.length > 0) {
      const node = stack.pop() as Node | null | undefined;
      if (!node) continue;
      if (isAlias(node) && node.range) {
        const found = defined.get(node.source) ?? { uses: [] };
        found.uses.push(rangeOf(node.range[0] + 1, node.range[1]));
        defined.set(node.source, found);
        continue;
      }
      if (node.anchor && node.range) {
        const text = file.text.slice(0, node.range[0]);
        const at = text.lastIndexOf(`&${node.anchor}`);
        const found = defined.get(node.anchor) ?? { uses: [] };
        if (at >= 0) found.definition = rangeOf(at + 1, at + 1 + node.anchor.length);
        defined.set(node.anchor, found);
      }
      if (isMap(node)) for (const pair of node.items) stack.push(pair.key, pair.value);
      else if (isSeq(node)) stack.push(...node.items);
    }
    for (const [name, found] of defined)
      out.push({
        section: 'services',
        name: `&${name}`,
        ...(found.definition ? { definition: found.definition } : {}),
        uses: found.uses,
      });
  });
  return out;
}

function anchorAt(file: SourceFile, position: Position): NameUses | undefined {
  return anchors(file).find(
    (n) => (n.definition && contains(n.definition, position)) || n.uses.some((u) => contains(u, position)),
  );
}

/** `extends: {file: base.yaml, service: app}`: a use of service `app` of the other file. */
function extendsReferences(file: SourceFile): { target: string; name: string; range: Range }[] {
  const document = file.yaml.documents[0];
  if (!document || !file.text.includes('extends')) return [];
  const model = buildComposeModel(file.yaml, document);
  const out: { target: string; name: string; range: Range }[] = [];
  for (const [service, definition] of Object.entries(asRecord(asRecord(model.value)['services']))) {
    const extendsValue = asRecord(asRecord(definition)['extends']);
    const { file: path, service: name } = extendsValue;
    if (typeof path !== 'string' || typeof name !== 'string') continue;
    const range = model.valueRange(pointerOf(pointerOf(pointerOf('/services', service), 'extends'), 'service'));
    if (range) out.push({ target: resolveUri(file.uri, path), name, range });
  }
  return out;
}

/** A Compose name of a project: the file that names it (its project is found from there), its section and name. */
interface Target {
  readonly uri: string;
  readonly section: Section;
  readonly name: string;
}

interface Occurrence extends Location {
  readonly definition: boolean;
}

function targetAt(file: SourceFile, position: Position): Target | undefined {
  if (file.kind !== 'compose' && file.kind !== 'stack') return undefined;
  const extended = extendsReferences(file).find((r) => contains(r.range, position));
  if (extended) return { uri: extended.target, section: 'services', name: extended.name };
  const found = composeNames(file).find(
    (n) => (n.definition && contains(n.definition, position)) || n.uses.some((u) => contains(u, position)),
  );
  return found ? { uri: file.uri, section: found.section, name: found.name } : undefined;
}

/**
 * Every place the project names the target: definitions and uses in every file of its namespace (includes,
 * override and base files, COMPOSE_FILE), and `extends.file` references into those files from files near them.
 * The file the request came from comes first.
 */
function occurrencesOf(reader: ProjectReader, target: Target, scope: Scope, isCancelled: IsCancelled): Occurrence[] {
  const group = scope === 'file' && target.uri === reader.start.uri ? [target.uri] : projectGroup(reader, target.uri);
  const order = [reader.start.uri, ...group.filter((u) => u !== reader.start.uri)];
  const out: Occurrence[] = [];
  for (const uri of order) {
    if (isCancelled()) return out;
    const file = reader.read(uri);
    if (!file || !group.includes(uri)) continue;
    for (const n of composeNames(file)) {
      if (n.section !== target.section || n.name !== target.name) continue;
      if (n.definition) out.push({ uri, range: n.definition, definition: true });
      out.push(...n.uses.map((range) => ({ uri, range, definition: false })));
    }
  }
  if (target.section === 'services' && scope === 'all') {
    const candidates = [...new Set([reader.start.uri, ...group, ...group.flatMap((u) => reader.nearby(u))])];
    for (const uri of candidates) {
      if (isCancelled()) return out;
      const file = reader.read(uri);
      // Only a file that says `extends` and the name can reference it: the others are not parsed.
      if (!file?.text.includes('extends') || !file.text.includes(target.name)) continue;
      for (const ref of extendsReferences(file))
        if (ref.name === target.name && group.includes(ref.target)) out.push({ uri, range: ref.range, definition: false });
    }
  }
  return out;
}

/**
 * How far to look: this file only (a hover that finds its definition here), the project's namespace (definitions),
 * or also the files near it that extend one of the project's services (references and rename).
 */
export type Scope = 'file' | 'project' | 'all';

/**
 * Asked between files of a long search: true once the caller no longer wants the answer (the editor cancelled the
 * request). The search then stops and answers nothing, never a partial list.
 */
export type IsCancelled = () => boolean;

const notCancelled: IsCancelled = () => false;

/** What the cursor names and every occurrence of it in its project; undefined when it names nothing. */
export function occurrencesAt(
  file: SourceFile,
  position: Position,
  context: ValidationContext | undefined,
  scope: Scope = 'all',
  isCancelled: IsCancelled = notCancelled,
): { section: Section | 'anchor'; name: string; occurrences: Occurrence[]; reader: ProjectReader } | undefined {
  const reader = new ProjectReader(file, context);
  const anchor = anchorAt(file, position);
  if (anchor) {
    const occurrences = [
      ...(anchor.definition ? [{ uri: file.uri, range: anchor.definition, definition: true }] : []),
      ...anchor.uses.map((range) => ({ uri: file.uri, range, definition: false })),
    ];
    return { section: 'anchor', name: anchor.name, occurrences, reader };
  }
  const target = targetAt(file, position);
  if (!target) return undefined;
  const occurrences = occurrencesOf(reader, target, scope, isCancelled);
  return isCancelled() ? undefined : { section: target.section, name: target.name, occurrences, reader };
}

/** A ConfigMap, Secret, ServiceAccount, claim or Service named at the cursor, found among the workspace's objects. */
function kubernetesDefinition(
  file: SourceFile,
  position: Position,
  context: ValidationContext | undefined,
): Location | undefined {
  const objects = [...(context?.kubernetes?.objects?.() ?? []).filter((o) => o.uri !== file.uri), ...objectsOfFile(file)];
  for (const document of file.yaml.documents) {
    if (document.errors.length > 0) continue;
    const model = buildComposeModel(file.yaml, document);
    for (const ref of objectReferences(asRecord(model.value), '')) {
      const range = model.valueRange(ref.pointer);
      if (!range || !contains(range, position)) continue;
      const target = objects.find((o) => o.kind === ref.kind && o.name === ref.name && o.nameRange);
      return target?.nameRange ? { uri: target.uri, range: target.nameRange } : undefined;
    }
  }
  return undefined;
}

/**
 * Go to definition: a Compose service, network, volume, secret or config where it is defined (in this file or
 * another file of the project: included, override or base, extended); an alias's anchor; a Kubernetes object named
 * by another (in this file or another file of the workspace). A service defined in several files (a base and an
 * override) has several definitions, this file's first.
 */
export function getDefinitions(file: SourceFile, position: Position, context?: ValidationContext): Location[] {
  const found = occurrencesAt(file, position, context, 'project');
  const definitions = (found?.occurrences ?? []).filter((o) => o.definition).map(({ uri, range }) => ({ uri, range }));
  if (definitions.length > 0) return definitions;
  const object = file.kind === 'kubernetes' ? kubernetesDefinition(file, position, context) : undefined;
  return object ? [object] : [];
}

export function getDefinition(file: SourceFile, position: Position, context?: ValidationContext): Location | undefined {
  return getDefinitions(file, position, context)[0];
}

/** Workspace symbols: the workspace's Kubernetes objects as `Kind/name`, matching the query by substring. */
export function getWorkspaceSymbols(
  objects: readonly KubeObject[],
  query: string,
  isCancelled: IsCancelled = notCancelled,
): { name: string; detail: string; location: Location }[] {
  const wanted = query.toLowerCase();
  const found: { name: string; detail: string; location: Location }[] = [];
  for (const [i, o] of objects.entries()) {
    // A workspace holds thousands of objects; the query changes with every keystroke.
    if (i % 256 === 0 && isCancelled()) return [];
    const name = `${o.kind}/${o.name}`;
    if (o.nameRange && name.toLowerCase().includes(wanted))
      found.push({ name, detail: o.apiVersion, location: { uri: o.uri, range: o.nameRange } });
  }
  return found;
}

/** Find references: every place in the project that names the same thing (with its definitions when asked). */
export function getReferences(
  file: SourceFile,
  position: Position,
  includeDefinition: boolean,
  context?: ValidationContext,
  isCancelled: IsCancelled = notCancelled,
): Location[] {
  const found = occurrencesAt(file, position, context, 'all', isCancelled);
  return (found?.occurrences ?? []).filter((o) => includeDefinition || !o.definition).map(({ uri, range }) => ({ uri, range }));
}

/**
 * Rename: the edits, per file, that give the definitions and every use the new name; undefined when nothing
 * renamable is here (a name with no definition in the project is not ours to rename).
 */
export function getRenameChanges(
  file: SourceFile,
  position: Position,
  newName: string,
  context?: ValidationContext,
  isCancelled: IsCancelled = notCancelled,
): Record<string, TextEdit[]> | undefined {
  const found = occurrencesAt(file, position, context, 'all', isCancelled);
  if (!found?.occurrences.some((o) => o.definition)) return undefined;
  const changes: Record<string, TextEdit[]> = {};
  for (const { uri, range } of found.occurrences) (changes[uri] ??= []).push({ range, newText: newName });
  return changes;
}

/** Rename within this file only (see getRenameChanges for the project). */
export function getRenameEdits(
  file: SourceFile,
  position: Position,
  newName: string,
  context?: ValidationContext,
): TextEdit[] | undefined {
  return getRenameChanges(file, position, newName, context)?.[file.uri];
}
