import { parsePortSpec, type PortMapping } from '../../compose/ports';
import { asRecord } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const duplicatePortMessage = (port: number, protocol: string, other: string): string =>
  `host port ${port}/${protocol} is already published by ${other}`;

interface Published {
  readonly mapping: PortMapping;
  readonly pointer: string;
  readonly service: string;
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

/** Ranges wider than this are not expanded port by port (they are rare, and a clash check is not worth the time). */
const MAX_RANGE = 1024;

/** Who publishes each host port, by address, protocol and port: one lookup per published port. */
class HostPorts {
  private readonly owners = new Map<string, Published>();

  /** Records `entry`; returns an earlier publisher of one of its ports, if any. */
  claim(entry: Published): Published | undefined {
    const host = entry.mapping.host;
    if (!host || host[0] === 0 || host[1] - host[0] > MAX_RANGE) return undefined;
    let clash: Published | undefined;
    for (let port = host[0]; port <= host[1]; port++) {
      const key = `${entry.mapping.hostIp ?? ''}|${entry.mapping.protocol}|${port}`;
      clash ??= this.owners.get(key);
      if (!this.owners.has(key)) this.owners.set(key, entry);
    }
    return clash;
  }
}

/** Rules `compose/invalid-port` (syntax, ranges) and `compose/duplicate-host-port` (the same host port twice). */
export function portDiagnostics(model: ComposeModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const hostPorts = new HostPorts();
  const services = asRecord(asRecord(model.value)['services']);
  for (const [service, definition] of Object.entries(services)) {
    const ports = asRecord(definition)['ports'];
    if (!Array.isArray(ports)) continue;
    ports.forEach((entry, i) => {
      const pointer = pointerOf(pointerOf(pointerOf('/services', service), 'ports'), i);
      // A value from an unset variable is unknown until deploy time.
      if (model.info(pointer)?.interpolation?.unresolved) return;
      let mapping: PortMapping | string | undefined;
      if (typeof entry === 'number')
        mapping =
          entry >= 1 && entry <= 65535 ? { container: [entry, entry], protocol: 'tcp' } : `port ${entry} is out of range 1-65535`;
      else if (typeof entry === 'string') mapping = ((p) => (p.ok ? p.mapping : p.error))(parsePortSpec(entry));
      else mapping = longFormMapping(asRecord(entry));
      // The range only for a finding: most ports have none, and finding a node's range walks the model.
      if (typeof mapping === 'string') {
        const range = model.valueRange(pointer);
        if (range) out.push({ range, ...coded(CODE.composeInvalidPort), message: `Invalid port: ${mapping}` });
      } else if (mapping) {
        const clash = hostPorts.claim({ mapping, pointer, service });
        const range = clash && model.valueRange(pointer);
        if (clash && range) {
          const where = clash.service === service ? `this service` : `service '${clash.service}'`;
          out.push({
            range,
            ...coded(CODE.composeDuplicateHostPort),
            message: duplicatePortMessage(mapping.host?.[0] ?? 0, mapping.protocol, where),
          });
        }
      }
    });
  }
  return out;
}
