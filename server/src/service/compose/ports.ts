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
