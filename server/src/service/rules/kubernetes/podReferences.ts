import { asArray, asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import {
  containersAt,
  invalidMessage,
  notFoundMessage,
  podSpecOf,
  reporter,
  type ContainerAt,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';
import { isBuiltIn } from './names';
import { envVarName } from './nameFormats';

function checkVolumeUses(r: Reporter, c: ContainerAt, volumes: ReadonlySet<string>, partial: boolean): void {
  const mountPaths = new Set<string>();
  for (const list of ['volumeMounts', 'volumeDevices']) {
    asArray(c.container[list]).forEach((raw, i) => {
      const use = asObject(raw);
      const path = [...c.path, list, i];
      const name = use['name'];
      // A patch may mount a volume that its base defines.
      if (typeof name === 'string' && name !== '' && !volumes.has(name) && !partial)
        r.report([...path, 'name'], CODE.k8sUndefinedVolume, notFoundMessage([...path, 'name'], name));
      const mountPath = use['mountPath'];
      if (list === 'volumeMounts' && typeof mountPath === 'string' && mountPath !== '') {
        if (mountPaths.has(mountPath))
          r.report(
            [...path, 'mountPath'],
            CODE.k8sUndefinedVolume,
            invalidMessage([...path, 'mountPath'], mountPath, 'must be unique'),
          );
        mountPaths.add(mountPath);
      }
    });
  }
}

const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

function checkEnv(r: Reporter, c: ContainerAt): void {
  asArray(c.container['env']).forEach((raw, i) => {
    const env = asObject(raw);
    const path = [...c.path, 'env', i];
    const name = env['name'];
    if (typeof name === 'string')
      for (const e of envVarName(name))
        r.report([...path, 'name'], CODE.k8sInvalidEnv, invalidMessage([...path, 'name'], name, e));
    const from = env['valueFrom'];
    if (!from || typeof from !== 'object') return;
    if (typeof env['value'] === 'string' && env['value'] !== '')
      r.report(
        [...path, 'valueFrom'],
        CODE.k8sInvalidEnv,
        invalidMessage([...path, 'valueFrom'], '', 'may not be specified when `value` is not empty'),
        { onKey: true },
      );
    const sources = Object.keys(asObject(from)).filter((k) => VALUE_SOURCES.includes(k));
    if (sources.length > 1)
      r.report(
        [...path, 'valueFrom'],
        CODE.k8sInvalidEnv,
        invalidMessage([...path, 'valueFrom'], '', 'may not have more than one field specified at a time'),
        { onKey: true },
      );
  });
  asArray(c.container['envFrom']).forEach((raw, i) => {
    const source = asObject(raw);
    const path = [...c.path, 'envFrom', i];
    const prefix = source['prefix'];
    if (typeof prefix === 'string' && prefix !== '')
      for (const e of envVarName(prefix))
        r.report([...path, 'prefix'], CODE.k8sInvalidEnv, invalidMessage([...path, 'prefix'], prefix, e));
    const count = ['configMapRef', 'secretRef'].filter((k) => source[k]).length;
    if (count > 1)
      r.report(path, CODE.k8sInvalidEnv, invalidMessage(path, '', 'may not have more than one field specified at a time'));
    else if (count === 0 && Object.keys(source).length > 0)
      r.report(path, CODE.k8sInvalidEnv, invalidMessage(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
  });
}

/**
 * References within a pod: every volumeMount and volumeDevice names a volume of the pod (or a StatefulSet's claim
 * template), mount paths are unique per
 * container; env var names and envFrom prefixes are names the API accepts (printable ASCII but '='), `valueFrom` is
 * not given with a `value` and has one source, and each envFrom names one ConfigMap or Secret.
 */
export function podReferenceDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (!isBuiltIn(input.object)) return r.out;
  const pod = podSpecOf(input.object);
  if (!pod) return r.out;
  // A StatefulSet's claim templates are volumes of its pods too.
  const claims = input.object['kind'] === 'StatefulSet' ? asArray(asObject(input.object['spec'])['volumeClaimTemplates']) : [];
  const volumes = new Set(
    [...asArray(pod.spec['volumes']), ...claims.map((c) => asObject(c)['metadata'])]
      .map((v) => asObject(v)['name'])
      .filter((n): n is string => typeof n === 'string'),
  );
  for (const c of containersAt(pod)) {
    checkVolumeUses(r, c, volumes, input.partial);
    checkEnv(r, c);
  }
  return r.out;
}
