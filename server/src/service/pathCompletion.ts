import { hostOf, type ValidationContext } from './context';
import { ITEM, type CursorContext } from './cursor';
import { resolveUri } from './host';
import type { SourceFile } from './sourceFile';
import type { Position, TextEdit } from './types';

export interface PathCompletion {
  readonly label: string;
  readonly kind: 'file' | 'folder';
  /** Folders sort before files. */
  readonly sortText: string;
  /** Replaces the part of the last path segment typed so far. */
  readonly edit: TextEdit;
  /** A folder: ask for completions again inside it. */
  readonly retrigger: boolean;
}

/** Where a Compose value is a path: which paths, relative to which folder (`context`: the service's build context). */
type PathPlace = { readonly base: 'file' | 'context'; readonly files: boolean };

const FILE: PathPlace = { base: 'file', files: true };
const FOLDER: PathPlace = { base: 'file', files: false };

function placeOf(path: readonly (string | number)[]): PathPlace | undefined {
  const steps = path.map((s) => (typeof s === 'number' ? ITEM : s));
  const [first, , third, fourth, fifth] = steps;
  const last = steps.slice(3).filter((s) => s !== ITEM);
  if (first === 'services') {
    if (third === 'env_file' && (fourth === undefined || fourth === ITEM) && (fifth === undefined || fifth === 'path'))
      return FILE;
    if (third === 'build' && steps.length === 3) return FOLDER;
    if (third === 'build' && fourth === 'context' && steps.length === 4) return FOLDER;
    if (third === 'build' && fourth === 'dockerfile' && steps.length === 4) return { ...FILE, base: 'context' };
    if (third === 'extends' && fourth === 'file' && steps.length === 4) return FILE;
    return undefined;
  }
  if ((first === 'secrets' || first === 'configs') && third === 'file' && steps.length === 3) return FILE;
  if (first === 'include') {
    // `include: [a.yaml]`, `include: [{path: a.yaml}]`, `path: [a.yaml, b.yaml]`, `env_file`, `project_directory`.
    if (steps.length === 2) return FILE;
    if (last[0] === 'project_directory') return FOLDER;
    if (last.length === 1 && (last[0] === 'path' || last[0] === 'env_file')) return FILE;
  }
  return undefined;
}

/** The build context written for a service (`build: dir` or `build.context`), `.` when none is. */
function buildContextOf(file: SourceFile, service: string | number | undefined): string {
  try {
    const root = file.yaml.documents[0]?.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | undefined;
    const services = root?.['services'] as Record<string, unknown> | undefined;
    const build =
      services?.[String(service)] !== undefined ? (services[String(service)] as Record<string, unknown>)['build'] : undefined;
    if (typeof build === 'string') return build;
    const context = build && typeof build === 'object' ? (build as Record<string, unknown>)['context'] : undefined;
    return typeof context === 'string' ? context : '.';
  } catch {
    return '.';
  }
}

/**
 * File and folder names where a Compose value is a path (env_file, build context, Dockerfile, secret and config
 * files, include, extends.file), listed through the host, relative to the compose file (the Dockerfile relative to
 * the build context). Folders come first; choosing one asks again inside it.
 */
export function pathCompletions(
  file: SourceFile,
  position: Position,
  cursor: CursorContext,
  context: ValidationContext | undefined,
): PathCompletion[] | undefined {
  if (file.kind !== 'compose' && file.kind !== 'stack') return undefined;
  if (cursor.at !== 'value' && !cursor.inListItem) return undefined;
  const place = placeOf(cursor.path);
  const host = hostOf(context);
  if (!place || !host.listDirectory) return undefined;
  const typed = cursor.prefix.replace(/^["']/, '');
  if (typed.startsWith('~') || /^[a-z][a-z0-9+.-]*:\/\//i.test(typed)) return [];
  const slash = typed.lastIndexOf('/');
  const folderPart = typed.slice(0, slash + 1);
  const namePart = typed.slice(slash + 1);
  let base = file.uri;
  if (place.base === 'context') {
    const buildContext = buildContextOf(file, cursor.path[1]);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(buildContext) || buildContext.startsWith('~')) return [];
    base = resolveUri(file.uri, `${buildContext.replace(/\/?$/, '/')}x`);
  }
  const folder = resolveUri(base, folderPart === '' ? '.' : folderPart);
  const entries = host.listDirectory(folder.endsWith('/') ? folder : `${folder}/`) ?? [];
  const start = { line: position.line, character: position.character - namePart.length };
  return entries
    .filter((e) => e.name !== '.git' && e.name.startsWith(namePart) && (e.directory || place.files))
    .map((e) => ({
      label: e.directory ? `${e.name}/` : e.name,
      kind: e.directory ? ('folder' as const) : ('file' as const),
      sortText: `${e.directory ? 0 : 1}${e.name}`,
      edit: { range: { start, end: position }, newText: e.directory ? `${e.name}/` : e.name },
      retrigger: e.directory,
    }))
    .sort((a, b) => a.sortText.localeCompare(b.sortText));
}
