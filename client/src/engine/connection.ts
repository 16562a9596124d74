import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import Docker from 'dockerode';
import { EngineUnavailableError } from './engineUnavailableError';
import { describeChoice, resolveEndpoint, type ConnectOptions, type EngineEndpoint, type EndpointTls } from './resolveEndpoint';
import { openSshTunnel, SshTunnelError, type SshTunnel } from './sshTunnel';

export { EngineUnavailableError } from './engineUnavailableError';

export interface Engine {
  readonly docker: Docker;
  readonly endpoint: EngineEndpoint;
  readonly serverVersion: string;
  /** The negotiated version: the lower of the engine's and CLIENT_API_VERSION. */
  readonly apiVersion: string;
  /** Releases what the connection holds (the ssh tunnel, TLS sockets). The Engine is unusable afterwards. */
  dispose(): Promise<void>;
}

/** The newest Engine API this code was written against (Docker 27). Newer engines are spoken to at this version. */
export const CLIENT_API_VERSION = '1.47';

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Every option docker-modem would otherwise fill from DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,
 * DOCKER_CLIENT_TIMEOUT or DOCKER_PATH_PREFIX, set explicitly (undefined included) so the environment never leaks in
 * behind our resolution. No `timeout`: docker-modem applies it to follow and hijacked streams too.
 */
const NEUTRAL: Docker.DockerOptions & { pathPrefix?: string } = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
  timeout: undefined,
  pathPrefix: undefined,
};

interface Transport {
  readonly options: Docker.DockerOptions;
  readonly tunnel?: SshTunnel;
  close(): Promise<void>;
}

function readTlsFile(file: string | undefined, endpoint: EngineEndpoint): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new EngineUnavailableError(`cannot read ${file} (${reason}) for ${endpoint.url}; ${describeChoice(endpoint)}`);
  }
}

/**
 * TLS through our own agent: docker-modem passes ca/cert/key to the request but has no way to switch verification
 * off, and Node lets agent options override request options, so the agent carries the whole TLS setting.
 */
function tlsTransport(url: URL, endpoint: EngineEndpoint, tls: EndpointTls): Transport {
  const ca = readTlsFile(tls.caFile, endpoint);
  const cert = readTlsFile(tls.certFile, endpoint);
  const key = readTlsFile(tls.keyFile, endpoint);
  const agent = new HttpsAgent({ ca, cert, key, rejectUnauthorized: tls.verify });
  const options = {
    ...NEUTRAL,
    protocol: 'https' as const,
    host: url.hostname,
    port: Number(url.port || 2376),
    ca,
    cert,
    key,
    agent,
  };
  return { options, close: () => Promise.resolve(agent.destroy()) };
}

async function openTransport(endpoint: EngineEndpoint, options: ConnectOptions, timeoutMs: number): Promise<Transport> {
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw new EngineUnavailableError(`${endpoint.url} is not an engine address; ${describeChoice(endpoint, options.env)}`);
  }
  const none = (): Promise<void> => Promise.resolve();
  switch (url.protocol) {
    // Everything after the scheme is the path, as for the CLI: `unix://relative.sock` has no host part.
    case 'unix:':
      return { options: { ...NEUTRAL, socketPath: endpoint.url.slice('unix://'.length) || '/var/run/docker.sock' }, close: none };
    case 'npipe:':
      return {
        options: { ...NEUTRAL, socketPath: endpoint.url.slice('npipe://'.length) || '//./pipe/docker_engine' },
        close: none,
      };
    case 'tcp:':
      if (endpoint.tls) return tlsTransport(url, endpoint, endpoint.tls);
      return { options: { ...NEUTRAL, protocol: 'http', host: url.hostname, port: Number(url.port || 2375) }, close: none };
    case 'ssh:': {
      const tunnel = await openSshTunnel(url, { sshArgs: options.sshArgs ?? [], timeoutMs });
      return { options: { ...NEUTRAL, socketPath: tunnel.socketPath }, tunnel, close: () => tunnel.close() };
    }
    default:
      throw new EngineUnavailableError(
        `unsupported engine address ${endpoint.url}; use unix://, tcp:// or ssh:// (${describeChoice(endpoint, options.env)})`,
      );
  }
}

/**
 * docker-modem's constructor still parses DOCKER_HOST and reads DOCKER_CERT_PATH's files from process.env (our explicit
 * options then override what it found), so a malformed variable there fails even for an engine chosen otherwise.
 */
function newDocker(options: Docker.DockerOptions, endpoint: EngineEndpoint): Docker {
  try {
    return new Docker(options);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new EngineUnavailableError(
      `cannot set up a client for ${endpoint.url}: dockerode rejected this process's DOCKER_HOST/DOCKER_CERT_PATH (${reason})`,
    );
  }
}

/** The lower of two "1.xx" versions. */
export function lowerApiVersion(a: string, b: string): string {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor < bMajor || (aMajor === bMajor && aMinor <= bMinor) ? a : b;
}

/** The short reason of a failed probe: an errno, a TLS verdict in words, an HTTP status, or the deadline. */
export function failureReason(error: unknown, timeoutMs: number): string {
  const e = error as NodeJS.ErrnoException & { statusCode?: number; json?: Buffer | string | { message?: string } };
  if (e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = e?.code ?? '';
  if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE/.test(code)) {
    return `the engine did not accept a client certificate from us (none, or not signed by its CA): ${code}`;
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return `cannot verify the engine's certificate: ${code}`;
  if (code) return code;
  if (typeof e?.statusCode === 'number') {
    // docker-modem leaves a non-JSON body (e.g. "Client sent an HTTP request to an HTTPS server.") as a Buffer.
    const json = e.json;
    const body = Buffer.isBuffer(json) ? json.toString('utf8') : typeof json === 'string' ? json : json?.message;
    return `HTTP ${e.statusCode}: ${(body ?? e.message).trim()}`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function probe(docker: Docker, timeoutMs: number, signal?: AbortSignal): Promise<Docker.DockerVersion> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const giveUp = (): void => abort.abort();
  if (signal?.aborted) giveUp();
  signal?.addEventListener('abort', giveUp);
  try {
    // dockerode's version() takes { abortSignal } like every other call; @types/dockerode omits the parameter.
    const version = docker.version.bind(docker) as unknown as (opts: {
      abortSignal: AbortSignal;
    }) => Promise<Docker.DockerVersion>;
    return await version({ abortSignal: abort.signal });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', giveUp);
  }
}

function unavailable(
  endpoint: EngineEndpoint,
  reason: string,
  options: ConnectOptions,
  tunnel?: SshTunnel,
): EngineUnavailableError {
  const sshSays = tunnel?.stderr() ? `; ssh: ${tunnel.stderr()}` : '';
  return new EngineUnavailableError(
    `no engine at ${endpoint.url} (${reason}); ${describeChoice(endpoint, options.env)}${sshSays}`,
  );
}

/**
 * Finds the engine as the docker CLI would (see resolveEndpoint), reaches it (unix socket, tcp with or without TLS,
 * or one ssh tunnel), and negotiates the API version so newer fields are never sent to an older engine. Never changes
 * the user's docker configuration. Call dispose() when done: an ssh engine holds an ssh process.
 */
export async function connectEngine(options: ConnectOptions = {}): Promise<Engine> {
  const endpoint = resolveEndpoint(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let transport: Transport;
  try {
    transport = await openTransport(endpoint, options, timeoutMs);
  } catch (error) {
    if (error instanceof SshTunnelError) throw unavailable(endpoint, error.message, options);
    throw error;
  }
  let version: Docker.DockerVersion;
  try {
    version = await probe(newDocker(transport.options, endpoint), timeoutMs, options.signal);
  } catch (error) {
    await transport.close();
    if (error instanceof EngineUnavailableError) throw error;
    throw unavailable(endpoint, failureReason(error, timeoutMs), options, transport.tunnel);
  }
  const apiVersion = lowerApiVersion(version.ApiVersion, CLIENT_API_VERSION);
  return {
    docker: newDocker({ ...transport.options, version: `v${apiVersion}` }, endpoint),
    endpoint,
    serverVersion: version.Version,
    apiVersion,
    dispose: () => transport.close(),
  };
}
