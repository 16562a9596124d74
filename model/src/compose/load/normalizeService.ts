import { asRecord } from '../names';
import { developOf } from './develop';
import { isRemoteContext, resolvePath } from './paths';
import { splitShellWords } from './shellWords';
import { isError, parsePortShort, parseVolumeShort } from './syntax';
import type { Dependency, FileReference, MountConfig, PortConfig } from './types';

/** What normalising one service of one file needs to know about where it was written. */
export interface NormalizeContext {
  /** Folder relative paths are resolved against (the file's, or the included project's directory). */
  readonly dir: string;
  readonly home?: string;
  /** Reads an env file (absolute path); undefined when it cannot be read. */
  readonly readEnvFile: (path: string) => ReadonlyMap<string, string> | undefined;
  readonly problem: (message: string) => void;
}

type Raw = Record<string, unknown>;

export const scalarText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/** `[K=V, K]` or `{K: V}` → `{K: V | null}`, values as strings. */
export function keyValueMap(value: unknown, separator = '='): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      const text = String(entry);
      const cut = text.indexOf(separator);
      if (cut < 0) out[text] = null;
      else out[text.slice(0, cut)] = text.slice(cut + 1);
    }
  } else {
    for (const [key, entry] of Object.entries(asRecord(value))) out[key] = scalarText(entry);
  }
  return out;
}

const stringMap = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(keyValueMap(value)).map(([k, v]) => [k, v ?? '']));

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];

function commandOf(value: unknown, key: string, ctx: NormalizeContext): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (Array.isArray(value)) return value.map((v) => scalarText(v) ?? '');
  const words = splitShellWords(scalarText(value) ?? '');
  if (isError(words)) {
    ctx.problem(`${key}: ${words.error}`);
    return undefined;
  }
  return words;
}

function buildOf(value: unknown, ctx: NormalizeContext): Raw | undefined {
  if (value === undefined || value === null) return undefined;
  const build: Raw = typeof value === 'string' ? { context: value } : { ...asRecord(value) };
  const context = typeof build['context'] === 'string' ? build['context'] : '.';
  build['context'] = isRemoteContext(context) ? context : resolvePath(ctx.dir, context, ctx.home);
  if (build['args'] !== undefined) build['args'] = keyValueMap(build['args']);
  if (build['labels'] !== undefined) build['labels'] = stringMap(build['labels']);
  return build;
}

function environmentOf(raw: Raw, ctx: NormalizeContext): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  for (const entry of asList(raw['env_file'])) {
    const record = typeof entry === 'string' ? { path: entry } : asRecord(entry);
    const path = typeof record['path'] === 'string' ? resolvePath(ctx.dir, record['path'], ctx.home) : undefined;
    if (!path) continue;
    const values = ctx.readEnvFile(path);
    if (values) for (const [key, value] of values) env[key] = value;
    else if (record['required'] !== false) ctx.problem(`env_file ${path} cannot be read`);
  }
  return { ...env, ...keyValueMap(raw['environment']) };
}

function portsOf(value: unknown, ctx: NormalizeContext): PortConfig[] {
  return asList(value).flatMap((entry): PortConfig[] => {
    if (typeof entry === 'string' || typeof entry === 'number') {
      const parsed = parsePortShort(String(entry));
      if (!isError(parsed)) return parsed;
      ctx.problem(parsed.error);
      return [];
    }
    const long = asRecord(entry);
    const target = Number(long['target']);
    if (!Number.isInteger(target)) {
      ctx.problem(`a port needs a numeric target (got ${scalarText(long['target'])})`);
      return [];
    }
    const protocol = long['protocol'] === 'udp' || long['protocol'] === 'sctp' ? long['protocol'] : 'tcp';
    const published = scalarText(long['published']);
    return [
      {
        ...(long as object),
        target,
        protocol,
        mode: long['mode'] === 'host' ? 'host' : 'ingress',
        ...(published !== null ? { published } : {}),
      },
    ];
  });
}

function volumesOf(value: unknown, ctx: NormalizeContext): MountConfig[] {
  return asList(value).flatMap((entry): MountConfig[] => {
    if (typeof entry === 'string') {
      const parsed = parseVolumeShort(entry, (p) => resolvePath(ctx.dir, p, ctx.home));
      if (!isError(parsed)) return [parsed];
      ctx.problem(parsed.error);
      return [];
    }
    const long = asRecord(entry);
    const type = typeof long['type'] === 'string' ? long['type'] : 'volume';
    const source = typeof long['source'] === 'string' ? long['source'] : undefined;
    const resolved = type === 'bind' && source ? resolvePath(ctx.dir, source, ctx.home) : source;
    return [
      {
        ...(long as object),
        type,
        target: scalarText(long['target']) ?? '',
        ...(resolved ? { source: resolved } : {}),
      } as MountConfig,
    ];
  });
}

function networksOf(value: unknown): Record<string, Raw> | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return Object.fromEntries(value.map((name) => [String(name), {}]));
  return Object.fromEntries(Object.entries(asRecord(value)).map(([name, config]) => [name, { ...asRecord(config) }]));
}

function dependsOnOf(value: unknown): Record<string, Dependency> {
  const out: Record<string, Dependency> = {};
  if (Array.isArray(value)) {
    for (const name of value) out[String(name)] = { condition: 'service_started', restart: false, required: true };
    return out;
  }
  for (const [name, entry] of Object.entries(asRecord(value))) {
    const record = asRecord(entry);
    const condition = record['condition'];
    out[name] = {
      condition:
        condition === 'service_healthy' || condition === 'service_completed_successfully' ? condition : 'service_started',
      restart: record['restart'] === true,
      required: record['required'] !== false,
    };
  }
  return out;
}

const referencesOf = (value: unknown): FileReference[] =>
  asList(value).map((entry) => (typeof entry === 'string' ? { source: entry } : (asRecord(entry) as unknown as FileReference)));

function healthcheckOf(value: unknown): Raw | undefined {
  if (value === undefined || value === null) return undefined;
  const check = { ...asRecord(value) };
  if (typeof check['test'] === 'string') check['test'] = ['CMD-SHELL', check['test']];
  else if (Array.isArray(check['test'])) check['test'] = check['test'].map((t) => scalarText(t) ?? '');
  if (check['disable'] === true) check['test'] = ['NONE'];
  return check;
}

/**
 * One service of one file in long syntax, relative paths made absolute against that file's folder, env files read.
 * Keys it does not know are kept as written. `extends` is kept for the loader to resolve.
 */
export function normalizeService(raw: Raw, ctx: NormalizeContext): Raw {
  const out: Raw = { ...raw };
  const set = (key: string, value: unknown): void => {
    // Only keys the file wrote: an empty default would undo a `!reset` of an earlier file when merged.
    const written = raw[key] !== undefined || (key === 'environment' && raw['env_file'] !== undefined);
    if (value === undefined || !written) delete out[key];
    else out[key] = value;
  };
  set('build', buildOf(raw['build'], ctx));
  set('command', commandOf(raw['command'], 'command', ctx));
  set('entrypoint', commandOf(raw['entrypoint'], 'entrypoint', ctx));
  set('environment', environmentOf(raw, ctx));
  delete out['env_file'];
  set('labels', stringMap(raw['labels']));
  set('ports', portsOf(raw['ports'], ctx));
  set(
    'expose',
    asList(raw['expose']).map((e) => String(e)),
  );
  set('volumes', volumesOf(raw['volumes'], ctx));
  set('networks', networksOf(raw['networks']));
  set('depends_on', dependsOnOf(raw['depends_on']));
  set('secrets', referencesOf(raw['secrets']));
  set('configs', referencesOf(raw['configs']));
  set('healthcheck', healthcheckOf(raw['healthcheck']));
  for (const key of ['dns', 'dns_search', 'tmpfs', 'cap_add', 'cap_drop', 'security_opt', 'devices', 'profiles'])
    if (raw[key] !== undefined)
      set(
        key,
        asList(raw[key]).map((v) => scalarText(v) ?? ''),
      );
  if (raw['extra_hosts'] !== undefined && !Array.isArray(raw['extra_hosts']))
    set(
      'extra_hosts',
      Object.entries(asRecord(raw['extra_hosts'])).map(([host, ip]) => `${host}:${String(ip)}`),
    );
  if (Array.isArray(raw['sysctls'])) set('sysctls', stringMap(raw['sysctls']));
  set('develop', developOf(raw['develop'], ctx.dir, ctx.home, ctx.problem));
  return out;
}
