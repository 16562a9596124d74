import { asArray, asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import {
  containersAt,
  invalidMessage,
  podSpecOf,
  reporter,
  requiredMessage,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';
import { isBuiltIn } from './names';

function checkImages(input: ObjectInput, r: Reporter): void {
  const pod = podSpecOf(input.object);
  if (!pod) return;
  for (const c of containersAt(pod)) {
    const image = c.container['image'];
    if (c.list !== 'ephemeralContainers' && (image === undefined || image === '' || image === null))
      r.report([...c.path, 'image'], CODE.k8sRequiredField, requiredMessage([...c.path, 'image']));
  }
}

function checkService(object: Record<string, unknown>, r: Reporter): void {
  const spec = asObject(object['spec']);
  const type = spec['type'] ?? 'ClusterIP';
  if (type === 'ExternalName') {
    if (!spec['externalName'])
      r.report(['spec', 'externalName'], CODE.k8sRequiredField, requiredMessage(['spec', 'externalName']));
    return;
  }
  const headless = spec['clusterIP'] === 'None';
  if (!headless && asArray(spec['ports']).length === 0)
    r.report(['spec', 'ports'], CODE.k8sRequiredField, requiredMessage(['spec', 'ports']));
}

function checkClaimSpec(spec: Record<string, unknown>, at: readonly (string | number)[], r: Reporter): void {
  const requests = asObject(asObject(spec['resources'])['requests']);
  if (!('storage' in requests))
    r.report([...at, 'resources'], CODE.k8sRequiredField, requiredMessage([...at, 'resources', { key: 'storage' }]), {
      onKey: true,
    });
  if (asArray(spec['accessModes']).length === 0)
    r.report(
      [...at, 'accessModes'],
      CODE.k8sRequiredField,
      requiredMessage([...at, 'accessModes'], 'at least 1 access mode is required'),
      { onKey: true },
    );
}

function checkIngress(object: Record<string, unknown>, r: Reporter): void {
  asArray(asObject(object['spec'])['rules']).forEach((rule, i) => {
    asArray(asObject(asObject(rule)['http'])['paths']).forEach((raw, j) => {
      const p = asObject(raw);
      const at = ['spec', 'rules', i, 'http', 'paths', j];
      // A missing pathType is the schema's to report (networking.k8s.io/v1 requires it): k8s/missing-field.
      const type = p['pathType'];
      const path = p['path'];
      if ((type === 'Prefix' || type === 'Exact') && typeof path === 'string' && !path.startsWith('/'))
        r.report([...at, 'path'], CODE.k8sRequiredField, invalidMessage([...at, 'path'], path, 'must be an absolute path'));
    });
  });
}

/**
 * Fields the API server requires though the schema leaves them optional: a container's image, a Service's ports
 * (unless headless or ExternalName) or an ExternalName's name, a claim's storage request and access modes (PVCs and
 * StatefulSet claim templates), an absolute path for an Ingress path of type Prefix or Exact (a missing pathType the schema reports).
 */
export function requiredFieldDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  // A patch leaves out what its base has.
  if (!isBuiltIn(input.object) || input.partial) return r.out;
  const { object } = input;
  checkImages(input, r);
  const kind = object['kind'];
  if (kind === 'Service') checkService(object, r);
  if (kind === 'PersistentVolumeClaim' && object['spec']) checkClaimSpec(asObject(object['spec']), ['spec'], r);
  if (kind === 'StatefulSet')
    asArray(asObject(object['spec'])['volumeClaimTemplates']).forEach((t, i) =>
      checkClaimSpec(asObject(asObject(t)['spec']), ['spec', 'volumeClaimTemplates', i, 'spec'], r),
    );
  if (kind === 'Ingress' && String(object['apiVersion']).startsWith('networking.k8s.io/')) checkIngress(object, r);
  return r.out;
}
