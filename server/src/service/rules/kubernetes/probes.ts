import { asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import {
  containersAt,
  forbiddenMessage,
  invalidMessage,
  isInt,
  NEGATIVE_ERROR,
  podSpecOf,
  RANGE_ERROR,
  reporter,
  requiredMessage,
  type FieldPath,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';
import { isBuiltIn } from './names';
import { portName } from './nameFormats';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

function checkHandlerPort(r: Reporter, probe: Record<string, unknown>, path: FieldPath): void {
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = asObject(probe[handler])['port'];
    const at = [...path, handler, 'port'];
    if (isInt(port) && (port < 1 || port > 65535))
      r.report(at, CODE.k8sInvalidProbe, invalidMessage(at, port, RANGE_ERROR(1, 65535)));
    if (typeof port === 'string' && !/^\d+$/.test(port))
      for (const e of portName(port)) r.report(at, CODE.k8sInvalidProbe, invalidMessage(at, port, e));
  }
}

export function checkProbe(r: Reporter, probe: Record<string, unknown>, path: FieldPath, kind: string): void {
  const handlers = HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0)
    r.report(path, CODE.k8sInvalidProbe, requiredMessage(path, 'must specify a handler type'), { onKey: true });
  for (const extra of handlers.slice(1))
    r.report(
      [...path, extra],
      CODE.k8sInvalidProbe,
      forbiddenMessage([...path, extra], 'may not specify more than 1 handler type'),
      {
        onKey: true,
      },
    );
  for (const field of COUNTS) {
    const v = probe[field];
    if (isInt(v) && v < 0) r.report([...path, field], CODE.k8sInvalidProbe, invalidMessage([...path, field], v, NEGATIVE_ERROR));
  }
  const success = probe['successThreshold'];
  if ((kind === 'livenessProbe' || kind === 'startupProbe') && isInt(success) && success !== 1 && success >= 0)
    r.report(
      [...path, 'successThreshold'],
      CODE.k8sInvalidProbe,
      invalidMessage([...path, 'successThreshold'], success, 'must be 1'),
    );
  const grace = probe['terminationGracePeriodSeconds'];
  if (isInt(grace) && grace <= 0)
    r.report(
      [...path, 'terminationGracePeriodSeconds'],
      CODE.k8sInvalidProbe,
      invalidMessage([...path, 'terminationGracePeriodSeconds'], grace, 'must be greater than 0'),
    );
  checkHandlerPort(r, probe, path);
}

/**
 * Probes: exactly one handler (exec, httpGet, tcpSocket or grpc), counts and thresholds not negative, a liveness or
 * startup probe's successThreshold 1, a positive terminationGracePeriodSeconds, and ports in range or named.
 */
export function probeDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (!isBuiltIn(input.object)) return r.out;
  const pod = podSpecOf(input.object);
  if (!pod) return r.out;
  for (const c of containersAt(pod)) {
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const probe = c.container[kind];
      // A patch may change one field of a probe its base defines.
      if (probe && typeof probe === 'object' && !(input.partial && !HANDLERS.some((h) => h in probe)))
        checkProbe(r, asObject(probe), [...c.path, kind], kind);
    }
  }
  return r.out;
}
