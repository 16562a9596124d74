import type { PortMapping } from '../../compose/ports';
import type { ServiceIndex } from '../../compose/serviceIndex';
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
export function portDiagnostics(model: ComposeModel, index: ServiceIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const hostPorts = new HostPorts();
  for (const [service, { pointer: at, summary }] of index.services) {
    for (const { index: i, mapping } of summary.ports) {
      if (mapping === undefined) continue;
      const pointer = pointerOf(pointerOf(at, 'ports'), i);
      if (typeof mapping === 'string') {
        const range = model.valueRange(pointer);
        if (range) out.push({ range, ...coded(CODE.composeInvalidPort), message: `Invalid port: ${mapping}` });
        continue;
      }
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
  }
  return out;
}
