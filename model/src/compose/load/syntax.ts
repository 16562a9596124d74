import type { MountConfig, PortConfig } from './types';

/**
 * Compose's short syntaxes turned into the long ones, as `docker compose config` prints them. Each parser returns
 * the long form or a message saying what is wrong with the text.
 */

type Parsed<T> = T | { readonly error: string };
export const isError = <T>(value: Parsed<T>): value is { readonly error: string } =>
  typeof value === 'object' && value !== null && 'error' in value;

const PORT_RANGE = /^(\d+)(?:-(\d+))?$/;

function range(text: string): [number, number] | undefined {
  const match = PORT_RANGE.exec(text);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  return start <= end && end <= 65535 ? [start, end] : undefined;
}

/** `[[host_ip:]published:]target[/protocol]`, with ranges; a target range gives one entry per port. */
export function parsePortShort(text: string): Parsed<PortConfig[]> {
  const [spec = '', protocolText = 'tcp'] = text.split('/');
  if (protocolText !== 'tcp' && protocolText !== 'udp' && protocolText !== 'sctp')
    return { error: `unknown protocol '${protocolText}' in port '${text}'` };
  let hostIp: string | undefined;
  let rest = spec;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2] ?? '';
  }
  const parts = rest.split(':');
  if (!v6 && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2) return { error: `port '${text}' has too many ':'` };
  const targetText = parts.pop() ?? '';
  const publishedText = parts.pop();
  const target = range(targetText);
  if (!target) return { error: `invalid container port '${targetText}' in '${text}'` };
  const published = publishedText === undefined || publishedText === '' ? undefined : range(publishedText);
  if (publishedText && !published) return { error: `invalid published port '${publishedText}' in '${text}'` };
  const base = { protocol: protocolText, mode: 'ingress', ...(hostIp ? { host_ip: hostIp } : {}) } as const;
  const count = target[1] - target[0] + 1;
  if (count === 1) return [{ ...base, target: target[0], ...(publishedText ? { published: publishedText } : {}) }];
  if (published && published[1] - published[0] + 1 !== count) return { error: `port ranges of different sizes in '${text}'` };
  return Array.from({ length: count }, (_, i) => ({
    ...base,
    target: target[0] + i,
    ...(published ? { published: String(published[0] + i) } : {}),
  }));
}

const isPathLike = (source: string): boolean => /^(\.|\/|~|[A-Za-z]:[\\/]|\\\\)/.test(source);

/** `[source:]target[:mode]`: a path source is a bind, a name a named volume, none an anonymous volume. */
export function parseVolumeShort(text: string, resolvePath: (path: string) => string): Parsed<MountConfig> {
  // A Windows drive letter (`C:\data:/data`, `C:/data:/data`) holds a colon that is not a separator; in
  // `v:/data` the `v` is a volume name.
  const drive = /^[A-Za-z]:(\\|\/[^:]*:[\\/])/.test(text);
  const parts = (drive ? text.replace(/^([A-Za-z]):/, '$1\u0000') : text).split(':').map((p) => p.replace('\u0000', ':'));
  if (parts.length > 3 || parts.some((p) => p === '')) return { error: `invalid volume '${text}'` };
  if (parts.length === 1) return { type: 'volume', target: parts[0] ?? '' };
  const [source = '', target = '', modeText = ''] = parts;
  const modes = modeText ? modeText.split(',') : [];
  const readOnly = modes.includes('ro');
  const selinux: 'z' | 'Z' | undefined = modes.includes('z') ? 'z' : modes.includes('Z') ? 'Z' : undefined;
  const propagation = modes.find((m) => /^r?(shared|slave|private)$/.test(m));
  if (isPathLike(source)) {
    const bind = { create_host_path: true, ...(selinux ? { selinux } : {}), ...(propagation ? { propagation } : {}) } as const;
    return { type: 'bind', source: resolvePath(source), target, ...(readOnly ? { read_only: true } : {}), bind };
  }
  return {
    type: 'volume',
    source,
    target,
    ...(readOnly ? { read_only: true } : {}),
    ...(modes.includes('nocopy') ? { volume: { nocopy: true } } : {}),
  };
}
