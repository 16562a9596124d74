import { asArray, asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import {
  containersAt,
  duplicateMessage,
  forbiddenMessage,
  invalidMessage,
  isInt,
  podSpecOf,
  RANGE_ERROR,
  reporter,
  requiredMessage,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';
import { isBuiltIn } from './names';
import { dns1123Label, portName } from './nameFormats';

/** The API server's default `--service-node-port-range`; a cluster may set another, so outside it is only a warning. */
export const NODE_PORT_RANGE = [30000, 32767] as const;
export const nodePortRangeMessage = (path: string, port: number): string =>
  `${path}: ${port} is outside the default NodePort range ${NODE_PORT_RANGE[0]}-${NODE_PORT_RANGE[1]}: the API server refuses it unless the cluster sets --service-node-port-range`;

const inRange = (port: number, lo = 1, hi = 65535): boolean => port >= lo && port <= hi;

function checkContainerPorts(input: ObjectInput, r: Reporter): void {
  const pod = podSpecOf(input.object);
  if (!pod) return;
  const hostPorts = new Set<string>();
  for (const c of containersAt(pod)) {
    asArray(c.container['ports']).forEach((raw, i) => {
      const port = asObject(raw);
      const path = [...c.path, 'ports', i];
      const containerPort = port['containerPort'];
      if (isInt(containerPort) && !inRange(containerPort))
        r.report(
          [...path, 'containerPort'],
          CODE.k8sInvalidPort,
          invalidMessage([...path, 'containerPort'], containerPort, RANGE_ERROR(1, 65535)),
        );
      const hostPort = port['hostPort'];
      if (!isInt(hostPort) || hostPort === 0) return;
      if (!inRange(hostPort))
        r.report(
          [...path, 'hostPort'],
          CODE.k8sInvalidPort,
          invalidMessage([...path, 'hostPort'], hostPort, RANGE_ERROR(1, 65535)),
        );
      const key = `${hostPort}/${typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP'}`;
      if (hostPorts.has(key))
        r.report([...path, 'hostPort'], CODE.k8sDuplicatePort, duplicateMessage([...path, 'hostPort'], key));
      hostPorts.add(key);
    });
  }
}

function checkServicePort(r: Reporter, spec: Record<string, unknown>, port: Record<string, unknown>, i: number): void {
  const path = ['spec', 'ports', i];
  const type = typeof spec['type'] === 'string' ? spec['type'] : 'ClusterIP';
  const number = port['port'];
  if (isInt(number) && !inRange(number))
    r.report([...path, 'port'], CODE.k8sInvalidPort, invalidMessage([...path, 'port'], number, RANGE_ERROR(1, 65535)));
  const target = port['targetPort'];
  if (isInt(target) && target !== 0 && !inRange(target))
    r.report(
      [...path, 'targetPort'],
      CODE.k8sInvalidPort,
      invalidMessage([...path, 'targetPort'], target, RANGE_ERROR(1, 65535)),
    );
  if (typeof target === 'string' && !/^\d+$/.test(target))
    for (const e of portName(target))
      r.report([...path, 'targetPort'], CODE.k8sInvalidPort, invalidMessage([...path, 'targetPort'], target, e));
  const nodePort = port['nodePort'];
  if (!isInt(nodePort) || nodePort === 0) return;
  if (type === 'ClusterIP' || type === 'ExternalName')
    r.report(
      [...path, 'nodePort'],
      CODE.k8sInvalidPort,
      forbiddenMessage([...path, 'nodePort'], `may not be used when \`type\` is '${type}'`),
    );
  else if (!inRange(nodePort))
    r.report([...path, 'nodePort'], CODE.k8sInvalidPort, invalidMessage([...path, 'nodePort'], nodePort, RANGE_ERROR(1, 65535)));
  else if (!inRange(nodePort, ...NODE_PORT_RANGE))
    r.report([...path, 'nodePort'], CODE.k8sNodePortRange, nodePortRangeMessage(`spec.ports[${i}].nodePort`, nodePort));
}

function checkServicePorts(input: ObjectInput, r: Reporter): void {
  if (input.object['kind'] !== 'Service') return;
  const spec = asObject(input.object['spec']);
  const ports = asArray(spec['ports']).map(asObject);
  const names = new Set<string>();
  const pairs = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    const path = ['spec', 'ports', i];
    checkServicePort(r, spec, port, i);
    const name = port['name'];
    if (typeof name === 'string' && name !== '') {
      for (const e of dns1123Label(name))
        r.report([...path, 'name'], CODE.k8sInvalidPort, invalidMessage([...path, 'name'], name, e));
      if (names.has(name)) r.report([...path, 'name'], CODE.k8sDuplicatePort, duplicateMessage([...path, 'name'], name));
      names.add(name);
    } else if (ports.length > 1 && !input.partial)
      r.report([...path, 'name'], CODE.k8sInvalidPort, requiredMessage([...path, 'name']));
    const protocol = typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP';
    if (isInt(port['port'])) {
      const pair = JSON.stringify({ port: port['port'], protocol });
      if (pairs.has(pair))
        r.report(path, CODE.k8sDuplicatePort, duplicateMessage(path, { port: port['port'], protocol }), { onKey: true });
      pairs.add(pair);
    }
    if (isInt(port['nodePort']) && port['nodePort'] !== 0) {
      const key = `${port['nodePort']}/${protocol}`;
      if (nodePorts.has(key))
        r.report([...path, 'nodePort'], CODE.k8sDuplicatePort, duplicateMessage([...path, 'nodePort'], port['nodePort']));
      nodePorts.add(key);
    }
  });
}

/**
 * Ports: container, host and Service ports in 1-65535; host ports unique per pod and protocol; a Service's ports
 * named (DNS labels, unique) when it has more than one, unique by port and protocol, target ports valid numbers or
 * port names, node ports only where the type allows them, unique, and within the default range (a warning).
 */
export function portDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (!isBuiltIn(input.object)) return r.out;
  checkContainerPorts(input, r);
  checkServicePorts(input, r);
  return r.out;
}
