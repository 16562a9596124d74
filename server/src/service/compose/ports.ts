import { asRecord } from './names';

/**
 * Compose's short port syntax, checked the way the engine's parser reads it:
 * `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]`, IPv6 host addresses in brackets.
 */
export interface PortMapping {
  readonly hostIp?: string;
  /** Host ports, first and last (equal for one port); absent when the engine picks one. */
  readonly host?: readonly [number, number];
  readonly container: readonly [number, number];
  readonly protocol: string;
}

export type PortParse = { readonly ok: true; readonly mapping: PortMapping } | { readonly ok: false; readonly error: string };

const PROTOCOLS = ['tcp', 'udp', 'sctp'];

function parseRange(text: string, what: string, allowZero: boolean): readonly [number, number] | string {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return `${what} '${text}' is not a port number or range`;
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  for (const port of [first, last]) {
    if (port > 65535 || (port < 1 && !(allowZero && port === 0))) return `${what} ${port} is out of range 1-65535`;
  }
  if (last < first) return `${what} range ${text} ends before it starts`;
  return [first, last];
}

export function parsePortSpec(spec: string): PortParse {
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!PROTOCOLS.includes(protocol))
      return { ok: false, error: `protocol '${protocol}' is not one of ${PROTOCOLS.join(', ')}` };
  }
  let hostIp: string | undefined;
  const bracket = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  if (bracket) {
    hostIp = bracket[1];
    rest = bracket[2] ?? '';
  }
  const parts = rest.split(':');
  if (!bracket && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2 || (bracket && parts.length !== 2) || rest === '') {
    return { ok: false, error: `'${spec}' is not [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]` };
  }
  if (hostIp !== undefined && !/^[0-9A-Fa-f.:]*$/.test(hostIp))
    return { ok: false, error: `host address '${hostIp}' is not an IP address` };
  const container = parseRange(parts[parts.length - 1] ?? '', 'container port', false);
  if (typeof container === 'string') return { ok: false, error: container };
  const hostText = parts.length === 2 ? (parts[0] ?? '') : '';
  if (hostText === '') return { ok: true, mapping: { ...(hostIp ? { hostIp } : {}), container, protocol } };
  const host = parseRange(hostText, 'host port', true);
  if (typeof host === 'string') return { ok: false, error: host };
  const hostSize = host[1] - host[0];
  const containerSize = container[1] - container[0];
  if (containerSize > 0 && hostSize !== containerSize) {
    return { ok: false, error: `host range ${hostText} and container range ${parts[1] ?? ''} differ in size` };
  }
  return { ok: true, mapping: { ...(hostIp ? { hostIp } : {}), host, container, protocol } };
}

function longFormMapping(entry: Record<string, unknown>): PortMapping | string | undefined {
  const target = Number(entry['target']);
  if (!Number.isInteger(target) || target < 1 || target > 65535)
    return `target ${String(entry['target'])} is not a port in 1-65535`;
  const protocol = typeof entry['protocol'] === 'string' ? entry['protocol'] : 'tcp';
  const published = entry['published'];
  if (published === undefined || published === null || published === '') return { container: [target, target], protocol };
  if (typeof published !== 'string' && typeof published !== 'number')
    return `published ${JSON.stringify(published)} is not a port or range`;
  const parsed = parsePortSpec(`${String(published)}:${target}`);
  if (!parsed.ok) return parsed.error;
  return { ...parsed.mapping, protocol, ...(typeof entry['host_ip'] === 'string' ? { hostIp: entry['host_ip'] } : {}) };
}

/**
 * One entry of a service's `ports` in any form (`8080`, `"8080:80"`, `{target: 80, published: 8080}`): its mapping,
 * what is wrong with it, or undefined when it says nothing readable (a long form that is no map).
 */
export function parsePortEntry(entry: unknown): PortMapping | string | undefined {
  if (typeof entry === 'number')
    return entry >= 1 && entry <= 65535
      ? { container: [entry, entry], protocol: 'tcp' }
      : `port ${entry} is out of range 1-65535`;
  if (typeof entry === 'string') {
    const parsed = parsePortSpec(entry);
    return parsed.ok ? parsed.mapping : parsed.error;
  }
  return longFormMapping(asRecord(entry));
}
