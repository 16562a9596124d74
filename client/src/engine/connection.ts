import Docker from 'dockerode';

/**
 * Where the engine is and why we chose it. Issue 5 extends the resolution to contexts, TLS and ssh; this is the part
 * that the docker CLI does first: DOCKER_HOST, else the default socket.
 */
export interface EngineEndpoint {
  /** As the user would write it: `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`. */
  readonly url: string;
  /** How the endpoint was chosen, for messages: "DOCKER_HOST", "default socket", "explicit". */
  readonly source: string;
}

export interface Engine {
  readonly docker: Docker;
  readonly endpoint: EngineEndpoint;
  readonly serverVersion: string;
  readonly apiVersion: string;
}

/** Raised when no engine answers; the message says what was tried, for the user, not a stack trace. */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

export const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

export function resolveEndpoint(explicit?: string, env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  if (explicit) return { url: explicit, source: 'explicit' };
  if (env['DOCKER_HOST']) return { url: env['DOCKER_HOST'], source: 'DOCKER_HOST' };
  return { url: DEFAULT_SOCKET, source: 'default socket' };
}

/** dockerode options for an endpoint, all given explicitly so docker-modem never reads the environment itself. */
function modemOptions(endpoint: EngineEndpoint, version?: string): Docker.DockerOptions {
  const url = new URL(endpoint.url);
  const base: Docker.DockerOptions = version ? { version } : {};
  switch (url.protocol) {
    case 'unix:':
      return { ...base, socketPath: decodeURIComponent(url.pathname) };
    case 'tcp:':
    case 'http:':
      return { ...base, protocol: 'http', host: url.hostname, port: Number(url.port || 2375) };
    default:
      throw new EngineUnavailableError(`unsupported engine address ${endpoint.url} (${endpoint.source}); use unix:// or tcp://`);
  }
}

function describeFailure(endpoint: EngineEndpoint, error: unknown, env: NodeJS.ProcessEnv): string {
  const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  const hostNote = endpoint.source === 'DOCKER_HOST' ? `DOCKER_HOST=${env['DOCKER_HOST'] ?? ''}` : 'DOCKER_HOST is unset';
  return `no engine at ${endpoint.url} (${reason}); ${hostNote}`;
}

/**
 * Connects and negotiates the API version: the lower of what the engine speaks and what we were built against, like
 * the docker CLI, so newer fields are never sent to an older engine.
 */
export async function connectEngine(explicit?: string, env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  const endpoint = resolveEndpoint(explicit, env);
  let version: Docker.DockerVersion;
  try {
    version = await new Docker(modemOptions(endpoint)).version();
  } catch (error) {
    if (error instanceof EngineUnavailableError) throw error;
    throw new EngineUnavailableError(describeFailure(endpoint, error, env));
  }
  const apiVersion = version.ApiVersion;
  return {
    docker: new Docker(modemOptions(endpoint, `v${apiVersion}`)),
    endpoint,
    serverVersion: version.Version,
    apiVersion,
  };
}
