import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  ContextStoreError,
  DEFAULT_CONTEXT,
  DEFAULT_SOCKET,
  readContext,
  readCurrentContext,
  storedContextNames,
  tlsFilesIn,
  type TlsFiles,
} from './contextStore';

/** How to find the engine. Everything is optional: without it, the engine is found the way the docker CLI finds it. */
export interface ConnectOptions {
  /** An explicit engine URL (a setting, `--host`): `unix:///…`, `tcp://host:port`, `ssh://[user@]host[:port][/socket]`. */
  readonly host?: string;
  /** An explicit context name (a setting, `--context`); "default" means DOCKER_HOST or the default socket. */
  readonly context?: string;
  /** Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The docker CLI's configuration folder; defaults to `$DOCKER_CONFIG`, else `~/.docker`. */
  readonly configDir?: string;
  /** Extra OpenSSH client arguments for ssh:// engines, e.g. `['-F', file]`. */
  readonly sshArgs?: readonly string[];
  /** Bound on reaching the engine (ssh tunnel set-up, then the version probe), in ms. Default 15 000. */
  readonly timeoutMs?: number;
  /** Gives up the version probe when aborted (its owner closes before the engine answered). */
  readonly signal?: AbortSignal;
}

export interface EndpointTls extends TlsFiles {
  /** Verify the engine's certificate (DOCKER_TLS_VERIFY, or a context without SkipTLSVerify). */
  readonly verify: boolean;
  /** Where the files came from, for messages: `DOCKER_CERT_PATH=/certs`, `context 'prod'`. */
  readonly from: string;
}

/** Where the engine is and why we chose it. */
export interface EngineEndpoint {
  /** As the user would write it: `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2376`, `ssh://root@box`. */
  readonly url: string;
  /**
   * How the endpoint was chosen, for messages and the status bar: "--host", "DOCKER_HOST", "--context",
   * "DOCKER_CONTEXT=prod", "currentContext in ~/.docker/config.json", "default socket".
   */
  readonly source: string;
  /** The context in effect; "default" when DOCKER_HOST, an explicit host or the socket decided. */
  readonly context: string;
  /** Present when the engine is spoken to over TLS (tcp:// only). */
  readonly tls?: EndpointTls;
}

export function dockerConfigDir(options: Pick<ConnectOptions, 'configDir' | 'env'> = {}): string {
  const env = options.env ?? process.env;
  return options.configDir ?? (env['DOCKER_CONFIG'] || join(homedir(), '.docker'));
}

/** `~/.docker/config.json` rather than `/home/me/.docker/config.json`, as users read it. */
function shortPath(path: string): string {
  const home = homedir();
  return home && path.startsWith(home + '/') ? '~' + path.slice(home.length) : path;
}

/**
 * TLS for the default context, from the environment like the CLI's flag defaults: DOCKER_TLS_VERIFY (any non-empty
 * value) turns TLS on and verifies the engine; certificates come from DOCKER_CERT_PATH, else the config folder, and
 * only the files that exist are used. DOCKER_CERT_PATH set without DOCKER_TLS_VERIFY still speaks TLS with those
 * certificates but does not verify the engine (the CLI's `--tls`), so a self-signed engine keeps working.
 */
function environmentTls(url: string, env: NodeJS.ProcessEnv, configDir: string): EndpointTls | undefined {
  if (!url.startsWith('tcp://')) return undefined;
  const verify = !!env['DOCKER_TLS_VERIFY'];
  const certPath = env['DOCKER_CERT_PATH'] || configDir;
  const files = tlsFilesIn(certPath);
  if (!verify && !(env['DOCKER_CERT_PATH'] && files)) return undefined;
  const from = env['DOCKER_CERT_PATH'] ? `DOCKER_CERT_PATH=${certPath}` : shortPath(certPath);
  return { verify, from, ...files };
}

function defaultContextEndpoint(source: string, env: NodeJS.ProcessEnv, configDir: string): EngineEndpoint {
  const url = env['DOCKER_HOST'] || DEFAULT_SOCKET;
  const tls = environmentTls(url, env, configDir);
  return { url, source, context: DEFAULT_CONTEXT, ...(tls ? { tls } : {}) };
}

function contextEndpoint(name: string, source: string, env: NodeJS.ProcessEnv, configDir: string): EngineEndpoint {
  if (name === DEFAULT_CONTEXT) return defaultContextEndpoint(source, env, configDir);
  const context = readContext(configDir, name);
  if (!context) {
    const known = [DEFAULT_CONTEXT, ...storedContextNames(configDir)].join(', ');
    throw new ContextStoreError(
      `context '${name}' (${source}) does not exist in ${shortPath(join(configDir, 'contexts'))}; known contexts: ${known}`,
    );
  }
  const useTls = context.host.startsWith('tcp://') && (context.tls !== undefined || context.skipTLSVerify);
  const tls: EndpointTls | undefined = useTls
    ? { verify: !context.skipTLSVerify, from: `context '${name}'`, ...context.tls }
    : undefined;
  return { url: context.host, source, context: name, ...(tls ? { tls } : {}) };
}

/**
 * Which engine to talk to, decided exactly as the docker CLI does (`cli/command/cli.go` resolveContextName): an
 * explicit context or host > DOCKER_HOST > DOCKER_CONTEXT > `currentContext` in config.json > the default socket.
 * It reads the config folder but touches no network and changes nothing. Throws ContextStoreError when the choice
 * names something that does not exist.
 */
export function resolveEndpoint(options: ConnectOptions = {}): EngineEndpoint {
  const env = options.env ?? process.env;
  const configDir = dockerConfigDir(options);
  if (options.host && options.context) {
    throw new ContextStoreError(
      `choose either an engine address or a context, not both (host ${options.host}, context '${options.context}')`,
    );
  }
  if (options.context) return contextEndpoint(options.context, '--context', env, configDir);
  if (options.host) {
    const tls = environmentTls(options.host, env, configDir);
    return { url: options.host, source: '--host', context: DEFAULT_CONTEXT, ...(tls ? { tls } : {}) };
  }
  if (env['DOCKER_HOST']) return defaultContextEndpoint('DOCKER_HOST', env, configDir);
  const fromEnv = env['DOCKER_CONTEXT'];
  if (fromEnv) return contextEndpoint(fromEnv, `DOCKER_CONTEXT=${fromEnv}`, env, configDir);
  const current = readCurrentContext(configDir);
  if (current) {
    return contextEndpoint(current, `currentContext in ${shortPath(join(configDir, 'config.json'))}`, env, configDir);
  }
  return defaultContextEndpoint('default socket', env, configDir);
}

/** How an endpoint was chosen, as the tail of an error message: "DOCKER_HOST is unset; context 'default'". */
export function describeChoice(endpoint: EngineEndpoint, env: NodeJS.ProcessEnv = process.env): string {
  const parts: string[] = [];
  if (endpoint.source === '--host') parts.push('given explicitly');
  else if (endpoint.source === 'DOCKER_HOST') parts.push(`DOCKER_HOST=${env['DOCKER_HOST'] ?? endpoint.url}; context 'default'`);
  else if (endpoint.source === 'default socket') parts.push(`DOCKER_HOST is unset; context 'default'`);
  else parts.push(`context '${endpoint.context}' from ${endpoint.source}`);
  if (endpoint.tls) {
    const files = [endpoint.tls.caFile, endpoint.tls.certFile, endpoint.tls.keyFile].filter(Boolean).length;
    const verify = endpoint.tls.verify ? 'verifying the engine' : 'not verifying the engine';
    parts.push(`TLS ${verify}, ${files} certificate file(s) from ${endpoint.tls.from}`);
  }
  return parts.join('; ');
}
