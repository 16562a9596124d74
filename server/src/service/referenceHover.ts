import { dirnameUri, referenceField, referencedKindAt } from '@stevedore/model';
import { hostOf, type ValidationContext } from './context';
import { cursorContext, documentLines } from './cursor';
import type { Hover } from './hover';
import { getDefinition, occurrencesAt } from './navigation';
import type { SourceFile } from './sourceFile';
import type { Position } from './types';

const EXCERPT_LINES = 12;

const what: Record<string, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
  anchor: 'anchor',
};

/** The definition's lines: its key line and what is indented under it, dedented, at most EXCERPT_LINES. */
function excerpt(lines: readonly string[], line: number): string {
  const first = lines[line] ?? '';
  const indent = /^\s*/.exec(first)?.[0].length ?? 0;
  const out = [first.slice(indent)];
  for (let i = line + 1; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.trim() !== '' && (/^\s*/.exec(text)?.[0].length ?? 0) <= indent) break;
    if (out.length === EXCERPT_LINES) {
      out.push('…');
      break;
    }
    out.push(text.slice(Math.min(indent, /^\s*/.exec(text)?.[0].length ?? 0)));
  }
  while (out.length > 1 && (out[out.length - 1] ?? '').trim() === '') out.pop();
  return out.join('\n');
}

/** Whether the cursor may stand on a reference: a value of a referencing key, or an alias. */
function mayReference(file: SourceFile, position: Position): boolean {
  const line = file.lines[position.line] ?? '';
  if (/\*[\w.-]*$/.test(line.slice(0, position.character))) return true;
  const path = cursorContext(file.lines, { line: position.line, character: line.length }).path;
  return path[0] === 'services' && typeof path[2] === 'string' && referenceField(path[2]) !== undefined;
}

/**
 * Hover on a reference (a service in depends_on, a network, volume, secret or config a service uses, an extended
 * service, an alias): the definition it names, as a short YAML excerpt, and where it is (this file or another file
 * of the project).
 */
export function referenceHover(file: SourceFile, position: Position, context: ValidationContext | undefined): Hover | undefined {
  if (!mayReference(file, position)) return undefined;
  // The definition in this file is the one shown when there is one; the project is read only when there is not.
  const local = occurrencesAt(file, position, context, 'file');
  const found = local?.occurrences.some((o) => o.definition) ? local : occurrencesAt(file, position, context, 'project');
  const here = found?.occurrences.find(
    (o) =>
      o.uri === file.uri &&
      o.range.start.line === position.line &&
      o.range.start.character <= position.character &&
      o.range.end.character >= position.character,
  );
  const definition = found?.occurrences.find((o) => o.definition);
  if (!found || !here || here.definition || !definition) return undefined;
  const source = found.reader.read(definition.uri);
  if (!source) return undefined;
  const folder = dirnameUri(file.uri);
  const where =
    definition.uri === file.uri
      ? `line ${definition.range.start.line + 1}`
      : `\`${decodeURIComponent(definition.uri.startsWith(folder) ? definition.uri.slice(folder.length) : definition.uri)}\`, line ${definition.range.start.line + 1}`;
  const name = found.section === 'anchor' ? found.name.replace(/^&/, '') : found.name;
  return {
    contents: `**${what[found.section] ?? found.section} \`${name}\`** — ${where}\n\n\`\`\`yaml\n${excerpt(source.lines, definition.range.start.line)}\n\`\`\``,
    range: here.range,
  };
}

/**
 * Hover on a Kubernetes field that names another object (a ConfigMap, Secret, ServiceAccount, claim, or an Ingress
 * backend's Service): that object's manifest, from this file or another of the workspace.
 */
export function kubernetesReferenceHover(
  file: SourceFile,
  position: Position,
  context: ValidationContext | undefined,
): Hover | undefined {
  const line = file.lines[position.line] ?? '';
  const cursor = cursorContext(file.lines, { line: position.line, character: line.length });
  if (cursor.at !== 'value') return undefined;
  const kind = referencedKindAt(cursor.path.filter((step): step is string => typeof step === 'string'));
  if (!kind) return undefined;
  const target = getDefinition(file, position, context);
  if (!target) return undefined;
  const text = target.uri === file.uri ? undefined : hostOf(context).readFile(target.uri);
  const lines = target.uri === file.uri ? file.lines : text?.split(/\r?\n/);
  if (!lines) return undefined;
  const { start } = documentLines(lines, target.range.start.line);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('---'));
  const body = lines.slice(start, end < 0 ? undefined : end);
  while (body.length > 0 && (body[body.length - 1] ?? '').trim() === '') body.pop();
  const shown = body.length > EXCERPT_LINES ? [...body.slice(0, EXCERPT_LINES), '…'] : body;
  const folder = dirnameUri(file.uri);
  const where =
    target.uri === file.uri
      ? `line ${start + 1}`
      : `\`${decodeURIComponent(target.uri.startsWith(folder) ? target.uri.slice(folder.length) : target.uri)}\`, line ${start + 1}`;
  const valueStart = line.indexOf(':') + 1;
  const written = line
    .slice(valueStart)
    .trim()
    .replace(/^["']|["']$/g, '');
  const at = line.indexOf(written, valueStart);
  return {
    contents: `**${kind} \`${written}\`** — ${where}\n\n\`\`\`yaml\n${shown.join('\n')}\n\`\`\``,
    range: { start: { line: position.line, character: at }, end: { line: position.line, character: at + written.length } },
  };
}
