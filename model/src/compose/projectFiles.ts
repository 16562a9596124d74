import { isNormalDeploymentName, normalizeDeploymentName } from '../deploymentName';
import { parseDocument } from 'yaml';
import { dirnameUri, resolveUri, type ProjectHost } from '../host';
import { parseDotenv } from './dotenv';
import { basenameOf } from './load/paths';
import { asRecord, mergeNames, namesOf, type ProjectNames } from './names';

/**
 * The one place that decides which files make a Compose project: the `.env` file, the default files and their
 * override, COMPOSE_FILE's list, `include:` entries, and which names a project's files define. The validation (over
 * URIs, one file at a time) and the loader (over paths, for a deploy) both ask it, so they never disagree about
 * what belongs to a project.
 */

/** The files `docker compose` looks for in a folder, in its order. */
export const DEFAULT_COMPOSE_FILES: readonly string[] = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
];
/** The env file beside a project, read for interpolation. */
export const DOTENV = '.env';

const OVERRIDE = /^(.*?)(\.override)?\.(ya?ml)$/;

/** `compose.yaml` → `compose.override.yaml`: the file compose merges over a default file. */
export const overrideFileName = (name: string): string => name.replace(/\.(ya?ml)$/, '.override.$1');

/** The file a compose file pairs with: a base file's override, or an override's base. */
export function pairedFileName(name: string): string | undefined {
  const match = OVERRIDE.exec(name);
  if (!match?.[1] || !/^(docker-)?compose/.test(match[1])) return undefined;
  const extension = match[3] ?? 'yaml';
  return match[2] ? `${match[1]}.${extension}` : `${match[1]}.override.${extension}`;
}

/** COMPOSE_FILE's entries as written, split as compose splits them (COMPOSE_PATH_SEPARATOR, else `:` or `;`). */
export function composeFileList(env: (name: string) => string | undefined): string[] {
  return (env('COMPOSE_FILE') ?? '').split(env('COMPOSE_PATH_SEPARATOR') ?? /[:;]/).filter(Boolean);
}

/** One `include:` entry, as written: its files, and the folder and env files its project is read with. */
export interface IncludeEntry {
  readonly paths: readonly string[];
  readonly projectDirectory?: string;
  readonly envFiles: readonly string[];
}

export function includesOf(root: unknown): IncludeEntry[] {
  const include = asRecord(root)['include'];
  if (!Array.isArray(include)) return [];
  const strings = (value: unknown): string[] => [value ?? []].flat().filter((p): p is string => typeof p === 'string');
  return include.map((entry) => {
    const record = typeof entry === 'string' ? { path: entry } : asRecord(entry);
    const directory = record['project_directory'];
    return {
      paths: strings(record['path']),
      ...(typeof directory === 'string' ? { projectDirectory: directory } : {}),
      envFiles: strings(record['env_file']),
    };
  });
}

/** The files a file includes, as URIs. */
export const includedFiles = (fileUri: string, root: unknown): string[] =>
  includesOf(root).flatMap((entry) => entry.paths.map((path) => resolveUri(fileUri, path)));

/** The other files of the project this file belongs to: its override or base file, and COMPOSE_FILE's list. */
export function siblingFiles(fileUri: string, env: ReadonlyMap<string, string>): string[] {
  const paired = pairedFileName(fileUri.slice(dirnameUri(fileUri).length));
  const siblings = [
    ...(paired ? [resolveUri(fileUri, paired)] : []),
    ...composeFileList((name) => env.get(name)).map((f) => resolveUri(fileUri, f)),
  ];
  return siblings.filter((uri) => uri !== fileUri);
}

/** Variables from env files (in order; later wins) and then `explicit`; `unreadable` lists the files that are not there. */
export function readEnvironment(
  host: ProjectHost,
  uris: readonly string[],
  explicit: Readonly<Record<string, string | undefined>> = {},
): { env: Map<string, string>; unreadable: string[] } {
  const env = new Map<string, string>();
  const unreadable: string[] = [];
  for (const uri of uris) {
    const text = host.readFile(uri);
    if (text === undefined) unreadable.push(uri);
    else for (const [key, entry] of parseDotenv(text)) env.set(key, entry.value);
  }
  for (const [key, value] of Object.entries(explicit)) if (value !== undefined) env.set(key, value);
  return { env, unreadable };
}

/**
 * Another file of the project as a plain value, or undefined when it cannot be read or is not trustworthy YAML
 * (a broken or alias-bombed file defines nothing; its own diagnostics say why).
 */
export function readProjectFile(host: ProjectHost, uri: string): unknown {
  const text = host.readFile(uri);
  if (text === undefined) return undefined;
  try {
    return parseDocument(text, { merge: true, uniqueKeys: false }).toJS({ maxAliasCount: 1000 }) as unknown;
  } catch {
    return undefined;
  }
}

/** What the files of a project define, and whether every file that is there could be read. */
export interface ProjectDefinitions {
  readonly names: ProjectNames;
  /** False when a file of the project exists but cannot be read (or parsed): it may define more. */
  readonly allRead: boolean;
}

/**
 * Names defined anywhere in the project: this file, the files it includes (and theirs), its base or override file,
 * and COMPOSE_FILE's files, read through the host. A name defined in any of them is defined.
 */
export function projectDefinitions(
  host: ProjectHost,
  fileUri: string,
  root: unknown,
  env: ReadonlyMap<string, string>,
): ProjectDefinitions {
  const seen = new Set([fileUri]);
  const all = [namesOf(root)];
  let allRead = true;
  const queue = [...includedFiles(fileUri, root), ...siblingFiles(fileUri, env)];
  while (queue.length > 0 && seen.size < 50) {
    const uri = queue.shift() ?? '';
    if (seen.has(uri)) continue;
    seen.add(uri);
    const other = readProjectFile(host, uri);
    if (other === undefined) {
      if (host.exists(uri)) allRead = false;
      continue;
    }
    all.push(namesOf(other));
    queue.push(...includedFiles(uri, other));
  }
  return { names: mergeNames(...all), allRead };
}

/** Names of files that may be a project's: what `include:` and `-f` usually name. */
const COMPOSE_NAME = /^(docker-)?compose[^/]*\.ya?ml$|\.stack\.ya?ml$|^docker-stack[^/]*\.ya?ml$/;

/** Compose and stack files in the folder of `fileUri` and in its parent: those that may include or pair with it. */
export function nearbyComposeFiles(host: ProjectHost, fileUri: string): string[] {
  const folder = dirnameUri(fileUri);
  const parent = `${resolveUri(`${folder}x`, '..').replace(/\/$/, '')}/`;
  return [...new Set([folder, parent])].flatMap((dir) =>
    (host.listDirectory?.(dir) ?? []).filter((e) => !e.directory && COMPOSE_NAME.test(e.name)).map((e) => `${dir}${e.name}`),
  );
}

/** What compose makes of a folder name: the one rule of deploymentName.ts, under the name compose gives it. */
export const normalizeProjectName = normalizeDeploymentName;

/**
 * A project's name as compose decides it: `-p` or COMPOSE_PROJECT_NAME as given (told when it is not a valid
 * name), else the file's `name:`, else the project folder's name, normalised.
 */
export function projectNameOf(
  explicit: string | undefined,
  written: unknown,
  dir: string,
  problem: (message: string) => void,
): string {
  if (explicit !== undefined && explicit !== '') {
    if (!isNormalDeploymentName(explicit))
      problem(`project name '${explicit}' must be lower case letters, digits, '-' and '_', starting with a letter or digit`);
    return explicit;
  }
  const folder = basenameOf(dir);
  const name = normalizeProjectName(typeof written === 'string' && written ? written : folder);
  if (!name) problem(`no project name can be made from '${folder}'; give one with -p`);
  return name;
}
