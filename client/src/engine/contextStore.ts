import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineUnavailableError } from './engineUnavailableError';

/**
 * The docker CLI's context store, read-only. Layout (docker/cli `cli/context/store`): a context named N lives in
 * `contexts/meta/<sha256 hex of N>/meta.json`, its TLS material in `contexts/tls/<sha256 hex of N>/docker/{ca,cert,key}.pem`.
 * We never write here: choosing an engine in Stevedore must not change what `docker` does in the user's terminal.
 */
export interface DockerContext {
  readonly name: string;
  readonly description?: string;
  /** `Endpoints.docker.Host`, e.g. `tcp://10.0.0.5:2376`, `ssh://deploy@box`. */
  readonly host: string;
  readonly skipTLSVerify: boolean;
  /** The TLS files present beside the context; absent when it has none. */
  readonly tls?: TlsFiles;
}

export interface TlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** One line of an engine picker. */
export interface ContextSummary {
  readonly name: string;
  readonly description: string;
  readonly host: string;
  readonly tls: boolean;
}

/** Raised when the context store or config.json cannot be used; the message names the file and the problem. */
export class ContextStoreError extends EngineUnavailableError {
  override readonly name = 'ContextStoreError';
}

export const DEFAULT_CONTEXT = 'default';

export const DEFAULT_SOCKET = process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';

/** The folder name the CLI gives a context: `digest.FromString(name)` without its `sha256:` prefix. */
export function contextDigest(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

interface MetaFile {
  Name?: unknown;
  Metadata?: { Description?: unknown };
  Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } };
}

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ContextStoreError(`${file} is not valid JSON (${(error as Error).message})`);
  }
}

/** TLS files the CLI would load for a context: only those that exist, like `cli/context/docker/load.go`. */
export function tlsFilesIn(dir: string, names = { ca: 'ca.pem', cert: 'cert.pem', key: 'key.pem' }): TlsFiles | undefined {
  const pick = (file: string): string | undefined => (existsSync(join(dir, file)) ? join(dir, file) : undefined);
  const files: TlsFiles = { caFile: pick(names.ca), certFile: pick(names.cert), keyFile: pick(names.key) };
  return files.caFile || files.certFile || files.keyFile ? files : undefined;
}

function contextFromMeta(configDir: string, digest: string, meta: MetaFile, file: string): DockerContext {
  const name = typeof meta.Name === 'string' ? meta.Name : digest;
  const docker = meta.Endpoints?.docker;
  if (typeof docker?.Host !== 'string' || docker.Host === '') {
    throw new ContextStoreError(`context '${name}' has no docker endpoint (Endpoints.docker.Host in ${file})`);
  }
  const description = meta.Metadata?.Description;
  const tls = tlsFilesIn(join(configDir, 'contexts', 'tls', digest, 'docker'));
  return {
    name,
    host: docker.Host,
    skipTLSVerify: docker.SkipTLSVerify === true,
    ...(typeof description === 'string' && description ? { description } : {}),
    ...(tls ? { tls } : {}),
  };
}

/** The stored context of that name, or undefined when there is none ("default" is never stored). */
export function readContext(configDir: string, name: string): DockerContext | undefined {
  const digest = contextDigest(name);
  const file = join(configDir, 'contexts', 'meta', digest, 'meta.json');
  if (!existsSync(file)) return undefined;
  return contextFromMeta(configDir, digest, readJson(file) as MetaFile, file);
}

/** Names of every stored context, sorted; unreadable entries are skipped so one bad folder cannot hide the others. */
export function storedContextNames(configDir: string): string[] {
  const metaDir = join(configDir, 'contexts', 'meta');
  if (!existsSync(metaDir)) return [];
  const names: string[] = [];
  for (const digest of readdirSync(metaDir)) {
    try {
      const meta = readJson(join(metaDir, digest, 'meta.json')) as MetaFile;
      if (typeof meta.Name === 'string') names.push(meta.Name);
    } catch {
      // A half-written or foreign folder: the CLI ignores it in `docker context ls` as well.
    }
  }
  return names.sort();
}

/** `currentContext` of `<configDir>/config.json`, if the file sets one. */
export function readCurrentContext(configDir: string): string | undefined {
  const file = join(configDir, 'config.json');
  if (!existsSync(file)) return undefined;
  const config = readJson(file) as { currentContext?: unknown };
  return typeof config.currentContext === 'string' && config.currentContext !== '' ? config.currentContext : undefined;
}

/** Every engine the user could pick: "default" (DOCKER_HOST or the socket) then the stored contexts, by name. */
export function listContexts(configDir: string, env: NodeJS.ProcessEnv = process.env): ContextSummary[] {
  const defaultHost = env['DOCKER_HOST'] || DEFAULT_SOCKET;
  const summaries: ContextSummary[] = [
    {
      name: DEFAULT_CONTEXT,
      description: 'DOCKER_HOST or the default socket',
      host: defaultHost,
      tls: !!env['DOCKER_TLS_VERIFY'],
    },
  ];
  for (const name of storedContextNames(configDir)) {
    let context: DockerContext | undefined;
    try {
      context = readContext(configDir, name);
    } catch {
      continue; // a context without a docker endpoint cannot be picked; connecting to it by name says why
    }
    if (!context) continue;
    summaries.push({
      name: context.name,
      description: context.description ?? '',
      host: context.host,
      // TLS material only matters for tcp://, as in resolveEndpoint.
      tls: context.host.startsWith('tcp://') && (context.tls !== undefined || context.skipTLSVerify),
    });
  }
  return summaries;
}
