import { parseDocument } from 'yaml';
import { hostOf, type ValidationContext } from '../context';
import { dirnameUri, resolveUri, type ProjectHost } from '../host';
import { parseDotenv } from './dotenv';
import type { Lookup } from '@stevedore/model';
import { asRecord, mergeNames, namesOf, type ProjectNames } from './names';

/** The variables a file is interpolated with: `.env` beside it, then extra env files, then explicit values. */
export function environmentOf(fileUri: string, context: ValidationContext | undefined): Map<string, string> {
  const host = hostOf(context);
  const env = new Map<string, string>();
  for (const uri of [resolveUri(fileUri, '.env'), ...(context?.envFiles ?? [])]) {
    const text = host.readFile(uri);
    if (text !== undefined) for (const [key, entry] of parseDotenv(text)) env.set(key, entry.value);
  }
  for (const [key, value] of Object.entries(context?.env ?? {})) env.set(key, value);
  return env;
}

export const lookupIn =
  (env: ReadonlyMap<string, string>): Lookup =>
  (name) =>
    env.get(name);

const OVERRIDE = /^(.*?)(\.override)?\.(ya?ml)$/;

/** The other files of the project this file belongs to: its override or base file, and COMPOSE_FILE's list. */
export function siblingFiles(fileUri: string, env: ReadonlyMap<string, string>): string[] {
  const name = fileUri.slice(dirnameUri(fileUri).length);
  const match = OVERRIDE.exec(name);
  const siblings: string[] = [];
  if (match?.[1] && /^(docker-)?compose/.test(match[1])) {
    const base = `${match[1]}.${match[3] ?? 'yaml'}`;
    const override = `${match[1]}.override.${match[3] ?? 'yaml'}`;
    siblings.push(resolveUri(fileUri, match[2] ? base : override));
  }
  const composeFile = env.get('COMPOSE_FILE');
  if (composeFile)
    siblings.push(
      ...composeFile
        .split(env.get('COMPOSE_PATH_SEPARATOR') ?? /[:;]/)
        .filter(Boolean)
        .map((f) => resolveUri(fileUri, f)),
    );
  return siblings.filter((uri) => uri !== fileUri);
}

export function includedFiles(fileUri: string, root: unknown): string[] {
  const include = asRecord(root)['include'];
  if (!Array.isArray(include)) return [];
  return include
    .flatMap((entry) => (typeof entry === 'string' ? [entry] : [asRecord(entry)['path']].flat()))
    .filter((p): p is string => typeof p === 'string')
    .map((p) => resolveUri(fileUri, p));
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

/**
 * Names defined anywhere in the project: this file, the files it includes (and theirs), its base or override file,
 * and COMPOSE_FILE's files, read through the host. A name defined in any of them is defined.
 */
export function projectNames(
  fileUri: string,
  root: unknown,
  env: ReadonlyMap<string, string>,
  context: ValidationContext | undefined,
): ProjectNames {
  const host = hostOf(context);
  const seen = new Set([fileUri]);
  const all = [namesOf(root)];
  const queue = [...includedFiles(fileUri, root), ...siblingFiles(fileUri, env)];
  while (queue.length > 0 && seen.size < 50) {
    const uri = queue.shift() ?? '';
    if (seen.has(uri)) continue;
    seen.add(uri);
    const other = readProjectFile(host, uri);
    if (other === undefined) continue;
    all.push(namesOf(other));
    queue.push(...includedFiles(uri, other));
  }
  return mergeNames(...all);
}
