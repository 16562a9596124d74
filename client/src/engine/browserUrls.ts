/**
 * The addresses a browser opens for a container's published TCP ports. The host is the engine's: a remote engine
 * (`tcp://box:2376`, `ssh://me@box`) publishes on that machine, so `localhost` would be wrong there; a local engine
 * (a unix socket, a named pipe) publishes here, on the address the port was bound to (`127.0.0.1`), or `localhost`
 * when it was bound to every address.
 */

export interface PublishedPort {
  readonly IP?: string;
  readonly PrivatePort: number;
  readonly PublicPort?: number;
  readonly Type: string;
}

const ANY = new Set(['', '0.0.0.0', '::']);

/** The machine that runs the engine's containers, as a browser should name it; undefined for a local engine. */
export function engineHost(endpointUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpointUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'ssh:' && url.protocol !== 'http:' && url.protocol !== 'https:')
    return undefined;
  return url.hostname || undefined;
}

/** One URL per published TCP port (IPv4 and IPv6 bindings of one port count once), lowest container port first. */
export function browserUrls(endpointUrl: string, ports: readonly PublishedPort[]): { url: string; target: number }[] {
  const remote = engineHost(endpointUrl);
  const seen = new Set<number>();
  return [...ports]
    .filter((p) => p.Type === 'tcp' && p.PublicPort)
    .sort((a, b) => a.PrivatePort - b.PrivatePort || (a.IP ?? '').localeCompare(b.IP ?? ''))
    .flatMap((p) => {
      if (!p.PublicPort || seen.has(p.PublicPort)) return [];
      seen.add(p.PublicPort);
      const bound = p.IP ?? '';
      const host = remote ?? (ANY.has(bound) ? 'localhost' : bound.includes(':') ? `[${bound}]` : bound);
      return [{ url: `http://${host}:${p.PublicPort}/`, target: p.PrivatePort }];
    });
}
