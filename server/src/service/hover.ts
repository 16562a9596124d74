import { composeSpec } from './schemaData';
import { stackSchemaJson } from './compose/schemas';
import { environmentOf } from './compose/project';
import { parseDotenv } from './compose/dotenv';
import { hostOf, type ValidationContext } from './context';
import { cursorContext } from './cursor';
import { kindAt } from './kubernetes/kindAt';
import { deprecationOf, fieldHistory } from './kubernetes/fieldHistory';
import { kubernetesReferenceHover, referenceHover } from './referenceHover';
import { resolveUri } from './host';
import { alternatives, enumValuesOf, schemasAt } from './schemaNav';
import { jsonKeyAt } from './marathon/jsonCursor';
import { fileSchema, topLevelShape } from './marathon/schema';
import type { SourceFile } from './sourceFile';
import { suppressionHover } from './suppressions';
import type { Position, Range } from './types';
import { plainFromMarkdown, RICH_FORMATS, type ClientFormats } from './clientFormats';

export interface Hover {
  /** Markdown, or plain text for a client that reads no markdown. */
  readonly contents: string;
  readonly range: Range;
}

type Schema = Record<string, unknown>;

/** `${NAME…}` or `$NAME` around the cursor on this line. */
function variableAt(
  line: string,
  character: number,
): { name: string; start: number; end: number; fallback?: string } | undefined {
  const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    if (character < m.index || character > m.index + m[0].length) continue;
    if (line[m.index - 1] === '$') continue; // `$$NAME` is a literal
    const name = m[1] ?? m[4] ?? '';
    const fallback = m[2]?.endsWith('-') ? m[3] : undefined;
    return { name, start: m.index, end: m.index + m[0].length, ...(fallback !== undefined ? { fallback } : {}) };
  }
  return undefined;
}

function variableHover(file: SourceFile, position: Position, context: ValidationContext | undefined): Hover | undefined {
  const line = file.lines[position.line] ?? '';
  const variable = variableAt(line, position.character);
  if (!variable) return undefined;
  const env = environmentOf(file.uri, context);
  const value = env.get(variable.name);
  const dotenv = hostOf(context).readFile(resolveUri(file.uri, '.env'));
  const definedAt = dotenv !== undefined ? parseDotenv(dotenv).get(variable.name) : undefined;
  const source =
    value === undefined
      ? variable.fallback !== undefined
        ? `not set: the default \`${variable.fallback}\` applies`
        : 'not set: compose substitutes an empty string'
      : definedAt && definedAt.value === value
        ? `from .env, line ${definedAt.line + 1}`
        : 'from the settings or an env file';
  const shown = value === undefined ? '' : `\`${variable.name}\` = \`${value}\` — `;
  return {
    contents: `${shown}${value === undefined ? `\`${variable.name}\` is ` : ''}${source}`,
    range: { start: { line: position.line, character: variable.start }, end: { line: position.line, character: variable.end } },
  };
}

/** The key under the cursor on its line, and where it is. */
function keyAt(line: string, character: number): { key: string; start: number; end: number } | undefined {
  const m = /^(\s*(?:-\s+)?)(["']?)([^"'#:\s][^"'#:]*?)\2\s*:(\s|$)/.exec(line);
  if (!m?.[3]) return undefined;
  const start = (m[1]?.length ?? 0) + (m[2]?.length ?? 0);
  const end = start + m[3].length;
  return character >= start && character <= end ? { key: m[3], start, end } : undefined;
}

/** The schema root for a file at a line: the Compose or stack schema, or the definition of the document's kind. */
function schemaRoot(
  file: SourceFile,
  line: number,
  context: ValidationContext | undefined,
  path: readonly (string | number)[],
): { root?: Schema; depth: number; kubernetes?: { apiVersion: string; kind: string } } {
  if (file.kind === 'compose' || file.kind === 'stack')
    return { root: (file.kind === 'stack' ? stackSchemaJson(file.text) : composeSpec) as Schema, depth: 0 };
  if (file.kind !== 'kubernetes') return { depth: 0 };
  const at = kindAt(file, line, context, path);
  return {
    depth: at?.depth ?? 0,
    ...(at?.root ? { root: at.root } : {}),
    ...(at?.apiVersion && at.kind ? { kubernetes: { apiVersion: at.apiVersion, kind: at.kind } } : {}),
  };
}

/** For a Kubernetes field: the releases it appeared or went in, and its deprecation, as lines to add to the hover. */
function kubernetesNotes(
  context: ValidationContext | undefined,
  gvk: { apiVersion: string; kind: string },
  path: readonly (string | number)[],
  description: string | undefined,
): string[] {
  const source = context?.kubernetes?.schemas ?? context?.kubernetes?.documentedSchemas;
  const history = source ? fieldHistory(source, gvk.apiVersion, gvk.kind, path) : undefined;
  const deprecated = deprecationOf(description);
  return [...(deprecated ? [`⚠ Deprecated: ${deprecated}`] : []), ...(history ? [`Kubernetes: ${history}`] : [])];
}

/** What the schema says of the key at `path`: its type and description, and the notes `notesFor` adds. */
function schemaHover(
  root: Schema,
  key: { key: string; range: Range; path: readonly (string | number)[] },
  notesFor: (description: string | undefined) => string[] = () => [],
): Hover | undefined {
  const shapes = schemasAt(root, key.path).flatMap((s) => alternatives(root, s));
  const description = shapes.map((s) => s['description']).find((d): d is string => typeof d === 'string');
  const types = [...new Set(shapes.flatMap((s) => [s['type']].flat()).filter((t): t is string => typeof t === 'string'))];
  if (!description && types.length === 0) return undefined;
  const title = `**${key.key}**${types.length > 0 ? ` (${types.join(' | ')})` : ''}`;
  // The values an enumeration allows, of the field or of a list's items (`accessModes`).
  const items = shapes.flatMap((s) => alternatives(root, s['items'] as Schema | undefined));
  const values = enumValuesOf([...shapes, ...items]).filter((v) => !types.includes('boolean') || !['true', 'false'].includes(v));
  const allowed = values.length > 0 ? [`Values: ${values.map((v) => `\`${v}\``).join(', ')}`] : [];
  return {
    contents: [title, ...allowed, ...notesFor(description), ...(description ? [description] : [])].join('\n\n'),
    range: key.range,
  };
}

function keyHover(file: SourceFile, position: Position, context: ValidationContext | undefined): Hover | undefined {
  const line = file.lines[position.line] ?? '';
  const key = keyAt(line, position.character);
  if (!key) return undefined;
  // The context just after `key:` names the key's own path.
  const cursor = cursorContext(file.lines, { line: position.line, character: line.indexOf(':', key.end) + 1 });
  const { root, depth, kubernetes } = schemaRoot(file, position.line, context, cursor.path);
  if (!root) return undefined;
  // Inside a Template's object or a List's item, the path within that object.
  const path = cursor.path.slice(depth);
  const range = { start: { line: position.line, character: key.start }, end: { line: position.line, character: key.end } };
  return schemaHover(root, { key: key.key, range, path }, (description) =>
    kubernetes ? kubernetesNotes(context, kubernetes, path, description) : [],
  );
}

/** A key of a Marathon definition (JSON): what its app, pod or group schema says of it. */
function marathonKeyHover(file: SourceFile, position: Position): Hover | undefined {
  const key = jsonKeyAt(file.text, position, (offset) => file.yaml.positionAt(offset));
  return key && schemaHover(fileSchema(topLevelShape(file.yaml.documents[0])), key);
}

/**
 * Hover: for `${VAR}` its value and where it comes from; for a key of a Compose or stack file, of a Kubernetes
 * object or of a Marathon definition, the schema's description and type; for a `# stevedore-ignore` comment, what it
 * suppresses.
 */
export function getHover(
  file: SourceFile,
  position: Position,
  context?: ValidationContext,
  formats: Pick<ClientFormats, 'markdown'> = RICH_FORMATS,
): Hover | undefined {
  const compose = file.kind === 'compose' || file.kind === 'stack';
  const hover =
    suppressionHover(file, position) ??
    (compose ? variableHover(file, position, context) : undefined) ??
    (compose ? referenceHover(file, position, context) : undefined) ??
    (file.kind === 'kubernetes' ? kubernetesReferenceHover(file, position, context) : undefined) ??
    (file.kind === 'marathon' ? marathonKeyHover(file, position) : keyHover(file, position, context));
  return hover && !formats.markdown ? { ...hover, contents: plainFromMarkdown(hover.contents) } : hover;
}
