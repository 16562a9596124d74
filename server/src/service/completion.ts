import { composeSpec } from './schemaData';
import { commonKeySortText } from './compose/commonKeys';
import { stackSchemaJson } from './compose/schemas';
import { namesOf, referenceField, referencedKindAt, type ProjectNames, type ReferenceField } from '@stevedore/model';
import { environmentOf } from './compose/project';
import { objectsOfFile, type KubeObject } from './kubernetes/objects';
import type { ValidationContext } from './context';
import { cursorContext, ITEM, type CursorContext } from './cursor';
import { kindAt } from './kubernetes/kindAt';
import { enumValuesOf, propertiesOf, schemasAt } from './schemaNav';
import type { SourceFile } from './sourceFile';
import { pathCompletions } from './pathCompletion';
import { selectorCompletions } from './selectorCompletion';
import { jsonCursorContext } from './marathon/jsonCursor';
import { fileSchema, topLevelShape } from './marathon/schema';
import type { Position, TextEdit } from './types';
import { plainFromMarkdown, plainFromSnippet, RICH_FORMATS, type ClientFormats } from './clientFormats';

export interface CompletionItem {
  readonly label: string;
  readonly kind: 'key' | 'value' | 'reference' | 'file' | 'folder' | 'image';
  readonly detail?: string;
  readonly documentation?: string;
  /** A snippet (`$0` for the cursor) to insert instead of the label. */
  readonly snippet?: string;
  /** Plain text to insert instead of the label (a snippet made plain, for a client without snippets). */
  readonly insertText?: string;
  /** Sorts by this instead of the label. */
  readonly sortText?: string;
  /** Replaces this range (what is typed of the item) instead of the word at the cursor. */
  readonly edit?: TextEdit;
  /** After this item is inserted, ask for completions again (a folder: its entries). */
  readonly retrigger?: boolean;
}

type Schema = Record<string, unknown>;

/** Values the official schema leaves to prose (the validator knows them as patterns). */
const KNOWN_VALUES: Readonly<Record<string, readonly string[]>> = {
  restart: ['no', 'always', 'on-failure', 'unless-stopped'],
  pull_policy: ['always', 'never', 'missing', 'build', 'if_not_present', 'daily', 'weekly'],
  condition: ['service_started', 'service_healthy', 'service_completed_successfully'],
};

function snippetFor(name: string, type: string | undefined): string {
  if (type?.includes('object')) return `${name}:\n  $0`;
  if (type?.includes('array')) return `${name}:\n  - $0`;
  return `${name}: $0`;
}

/** What a JSON key inserts: the quoted key and an empty value of its type. */
function jsonSnippetFor(name: string, type: string | undefined): string {
  const value = type?.includes('object') ? '{$0}' : type?.includes('array') ? '[$0]' : type === 'string' ? '"$0"' : '$0';
  return `${JSON.stringify(name)}: ${value}`;
}

function keyItems(root: Schema, cursor: CursorContext, snippet = snippetFor): CompletionItem[] {
  return propertiesOf(root, schemasAt(root, cursor.path))
    .filter((p) => !cursor.siblings.has(p.name) && p.name.startsWith(cursor.prefix))
    .map((p) => ({
      label: p.name,
      kind: 'key' as const,
      ...(p.type ? { detail: p.type } : {}),
      ...(p.description ? { documentation: p.description } : {}),
      snippet: snippet(p.name, p.type),
    }));
}

/**
 * A Marathon definition (JSON): the keys and enumerated values of its schema, as for the other kinds, written as
 * JSON. An item replaces the string being typed, quotes included, or goes in at the cursor.
 */
function marathonCompletions(file: SourceFile, position: Position): CompletionItem[] {
  const document = file.yaml.documents[0];
  const cursor = jsonCursorContext(file.text, position, document, (offset) => file.yaml.positionAt(offset));
  const root = fileSchema(topLevelShape(document));
  const range = cursor.string ?? { start: position, end: position };
  if (cursor.at === 'key')
    return keyItems(root, cursor, jsonSnippetFor).map((item) => ({
      ...item,
      edit: { range, newText: item.snippet ?? item.label },
    }));
  return enumValuesOf(schemasAt(root, cursor.path))
    .filter((value) => value.startsWith(cursor.prefix))
    .map((value) => {
      const text = value === 'true' || value === 'false' ? value : JSON.stringify(value);
      return { label: value, kind: 'value' as const, edit: { range, newText: text } };
    });
}

function namesFrom(file: SourceFile): ProjectNames {
  try {
    return namesOf(file.yaml.documents[0]?.toJS({ maxAliasCount: 100 }));
  } catch {
    return namesOf(undefined); // broken aliases: no names to offer
  }
}

/**
 * Where a name goes under `services.<name>`: a value or list item of a reference key (or of `extends`' `service`),
 * or a key of a long form keyed by names (`depends_on:` → `db:`). The table says which keys those are.
 */
function referenceAt(cursor: CursorContext): ReferenceField | undefined {
  const path = cursor.path;
  if (path[0] !== 'services') return undefined;
  const key = [...path].reverse().find((step): step is string => typeof step === 'string');
  const field = key === undefined ? undefined : referenceField(key === 'service' ? 'extends' : key);
  if (!field?.offersNames) return undefined;
  if (cursor.at === 'value' || cursor.inListItem) return field;
  return cursor.at === 'key' && field.keyedByName && path.length === 3 && path[2] === key ? field : undefined;
}

/** The names a reference may take: the section's, less the service itself (it cannot depend on itself) and those written. */
function referenceItems(file: SourceFile, cursor: CursorContext, field: ReferenceField): CompletionItem[] {
  const own = field.section === 'services' ? cursor.path[1] : undefined;
  return [...namesFrom(file)[field.section]]
    .filter((name) => name !== own && !(cursor.at === 'key' && cursor.siblings.has(name)))
    .map((name) => ({
      label: name,
      kind: 'reference' as const,
      detail: field.section.slice(0, -1),
      // A key of the long form (`depends_on: {db: {condition: …}}`) opens its mapping.
      ...(cursor.at === 'key' && !cursor.inListItem ? { snippet: `${name}:\n  $0` } : {}),
    }));
}

function composeCompletions(file: SourceFile, cursor: CursorContext): CompletionItem[] {
  const root = (file.kind === 'stack' ? stackSchemaJson(file.text) : composeSpec) as Schema;
  const key = [...cursor.path].reverse().find((step): step is string => typeof step === 'string');
  const references = referenceAt(cursor);
  if (references) return referenceItems(file, cursor, references);
  if (cursor.at === 'key' && !cursor.inListItem)
    return keyItems(root, cursor).map((item) => {
      const sortText = commonKeySortText(cursor.path, item.label);
      return sortText ? { ...item, sortText } : item;
    });
  if (cursor.at !== 'value') return [];
  const values = [...enumValuesOf(schemasAt(root, cursor.path)), ...(key ? (KNOWN_VALUES[key] ?? []) : [])];
  return [...new Set(values)].map((value) => ({ label: value, kind: 'value' as const }));
}

/** `DaemonSetList` and its kin are what the API answers to a list request, not manifests anyone writes (`List` is). */
const isWritableKind = (kind: string): boolean => kind === 'List' || !kind.endsWith('List');

function kubernetesCompletions(
  file: SourceFile,
  position: Position,
  written: CursorContext,
  context?: ValidationContext,
): CompletionItem[] {
  const at = kindAt(file, position.line, context, written.path);
  if (!at) return [];
  const { bundle, apiVersion, kind, root } = at;
  // Inside a Template's object or a List's item, the cursor's path within that object.
  const cursor = at.depth > 0 ? { ...written, path: written.path.slice(at.depth) } : written;
  const gvks = Object.keys(bundle.kinds);
  if (cursor.at === 'value' && cursor.path.length === 1 && cursor.path[0] === 'kind') {
    const kinds = gvks
      .filter((g) => !apiVersion || g.startsWith(`${apiVersion}/`))
      .map((g) => g.slice(g.lastIndexOf('/') + 1))
      .filter(isWritableKind);
    return [...new Set(kinds)].sort().map((label) => ({ label, kind: 'value' as const, detail: apiVersion ?? 'kind' }));
  }
  if (cursor.at === 'value' && cursor.path.length === 1 && cursor.path[0] === 'apiVersion') {
    const versions = gvks.filter((g) => !kind || g.endsWith(`/${kind}`)).map((g) => g.slice(0, g.lastIndexOf('/')));
    return [...new Set(versions)].sort().map((label) => ({ label, kind: 'value' as const, detail: kind ?? 'apiVersion' }));
  }
  if (!root) return [];
  const values = (): CompletionItem[] =>
    enumValuesOf(schemasAt(root, cursor.path)).map((label) => ({ label, kind: 'value' as const }));
  if (cursor.at !== 'key') return values();
  const keys = keyItems(root, cursor);
  // A new item of a list of strings (`accessModes:` then `- `) takes a value, not a key.
  return keys.length === 0 && cursor.inListItem ? values() : keys;
}

/** The context with this file's own objects added to the workspace's (they may not be saved yet). */
function withOwnObjects(file: SourceFile, context: ValidationContext | undefined): ValidationContext {
  const objects = (): KubeObject[] => [
    ...(context?.kubernetes?.objects?.() ?? []).filter((o) => o.uri !== file.uri),
    ...objectsOfFile(file),
  ];
  return { ...context, kubernetes: { ...context?.kubernetes, objects } };
}

/** Inside `${` (not yet closed): the variables of the .env beside the file and of the settings. */
function variableCompletions(
  file: SourceFile,
  position: Position,
  context: ValidationContext | undefined,
): CompletionItem[] | undefined {
  const line = (file.lines[position.line] ?? '').slice(0, position.character);
  const open = /\$\{([A-Za-z0-9_]*)$/.exec(line);
  if (!open) return undefined;
  const env = environmentOf(file.uri, context);
  return [...env.keys()]
    .filter((name) => name.startsWith(open[1] ?? ''))
    .map((name) => ({ label: name, kind: 'reference' as const, detail: env.get(name) ?? '' }));
}

function objectNameCompletions(cursor: CursorContext, context: ValidationContext | undefined): CompletionItem[] | undefined {
  if (cursor.at !== 'value') return undefined;
  const kind = referencedKindAt(cursor.path.filter((step): step is string => typeof step === 'string'));
  if (!kind) return undefined;
  const names = new Set((context?.kubernetes?.objects?.() ?? []).filter((o) => o.kind === kind).map((o) => o.name));
  return [...names].sort().map((label) => ({ label, kind: 'reference' as const, detail: kind }));
}

/**
 * Completions at a position: keys the schema allows there (not yet written), enumerated and boolean values, names
 * of services, networks, secrets and configs where a reference goes, variables inside `${`; for Kubernetes, fields
 * of the document's kind, the apiVersion/kind pairs of the target release, and the names of ConfigMaps, Secrets,
 * ServiceAccounts, claims and Services of the workspace where a field names one; for a Marathon definition (JSON),
 * the keys and values of its app, pod or group schema. Works on half-typed lines.
 */
export function getCompletions(
  file: SourceFile,
  position: Position,
  context?: ValidationContext,
  formats: ClientFormats = RICH_FORMATS,
): CompletionItem[] {
  return inFormats(completionsAt(file, position, context), formats);
}

/** The items as the client can show them: snippets as their plain text, markdown documentation as plain text. */
export function inFormats(items: CompletionItem[], formats: ClientFormats): CompletionItem[] {
  if (formats.snippets && formats.markdown) return items;
  return items.map(({ snippet, documentation, edit, ...item }) => ({
    ...item,
    ...(snippet !== undefined ? (formats.snippets ? { snippet } : { insertText: plainFromSnippet(snippet) }) : {}),
    // An edit that inserts the snippet (a JSON key) is plain text too.
    ...(edit
      ? { edit: snippet !== undefined && !formats.snippets ? { ...edit, newText: plainFromSnippet(edit.newText) } : edit }
      : {}),
    ...(documentation !== undefined
      ? { documentation: formats.markdown ? documentation : plainFromMarkdown(documentation) }
      : {}),
  }));
}

function completionsAt(file: SourceFile, position: Position, context: ValidationContext | undefined): CompletionItem[] {
  if (file.kind === 'marathon') return marathonCompletions(file, position);
  if (file.kind === 'compose' || file.kind === 'stack') {
    const variables = variableCompletions(file, position, context);
    if (variables) return variables;
  }
  const cursor = cursorContext(file.lines, position);
  if (file.kind === 'compose' || file.kind === 'stack')
    return pathCompletions(file, position, cursor, context) ?? composeCompletions(file, cursor);
  if (file.kind === 'kubernetes') {
    const workspace = withOwnObjects(file, context);
    return (
      selectorCompletions(file.lines, position, cursor, workspace) ??
      objectNameCompletions(cursor, workspace) ??
      kubernetesCompletions(file, position, cursor, context)
    );
  }
  return [];
}

export { ITEM };
