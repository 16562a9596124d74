import { asArray, asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import {
  containersAt,
  duplicateMessage,
  invalidMessage,
  podSpecOf,
  reporter,
  type FieldPath,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';
import { dns1035Label, dns1123Label, dns1123Subdomain, pathSegmentName, portName } from './nameFormats';

/** The API groups whose kinds Kubernetes itself validates (a custom resource's names are its server's business). */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'events.k8s.io',
  'resource.k8s.io',
  // OpenShift's DeploymentConfig: its name is a DNS-1123 subdomain and its pod template goes through Kubernetes' own
  // pod validation. (OpenShift's other groups have name rules of their own, a User's for one, and are left out.)
  'apps.openshift.io',
]);

export function isBuiltIn(object: Record<string, unknown>): boolean {
  const apiVersion = object['apiVersion'];
  if (typeof apiVersion !== 'string') return false;
  const slash = apiVersion.indexOf('/');
  return BUILT_IN_GROUPS.has(slash < 0 ? '' : apiVersion.slice(0, slash));
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** The name rule of each kind, as its `Validate<Kind>Name` says. */
export function objectNameErrors(kind: string, name: string): string[] {
  if (kind === 'Service') return dns1035Label(name);
  if (kind === 'Namespace') return dns1123Label(name);
  if (RBAC_KINDS.has(kind)) return pathSegmentName(name);
  const errs = dns1123Subdomain(name);
  // A CronJob's name, plus the 11 characters of a scheduled Job's suffix, must fit in a label.
  if (kind === 'CronJob' && name.length > 52) errs.push('must be no more than 52 characters');
  return errs;
}

function checkMetadata({ object }: ObjectInput, r: Reporter): void {
  const kind = String(object['kind']);
  const metadata = asObject(object['metadata']);
  const name = metadata['name'];
  if (typeof name === 'string' && name !== '')
    for (const e of objectNameErrors(kind, name))
      r.report(['metadata', 'name'], CODE.k8sInvalidName, invalidMessage(['metadata', 'name'], name, e));
  const namespace = metadata['namespace'];
  if (typeof namespace === 'string' && namespace !== '')
    for (const e of dns1123Label(namespace))
      r.report(['metadata', 'namespace'], CODE.k8sInvalidName, invalidMessage(['metadata', 'namespace'], namespace, e));
}

/** Each name in a list: its syntax, and once only (`seen` spans lists that share one namespace of names). */
function checkNames(
  r: Reporter,
  items: readonly { readonly value: unknown; readonly path: FieldPath }[],
  syntax: (v: string) => string[],
  seen = new Set<string>(),
): void {
  for (const { value, path } of items) {
    if (typeof value !== 'string' || value === '') continue;
    for (const e of syntax(value)) r.report(path, CODE.k8sInvalidName, invalidMessage(path, value, e));
    if (seen.has(value)) r.report(path, CODE.k8sDuplicateName, duplicateMessage(path, value));
    seen.add(value);
  }
}

/**
 * Names: the object's name by its kind's rule, its namespace, and within a pod spec the names of containers (DNS
 * labels, unique across init, regular and ephemeral containers), volumes (DNS labels, unique) and container ports
 * (IANA service names, unique per container).
 */
export function nameDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (!isBuiltIn(input.object)) return r.out;
  checkMetadata(input, r);
  const pod = podSpecOf(input.object);
  if (!pod) return r.out;
  const containers = containersAt(pod);
  checkNames(
    r,
    containers.map((c) => ({ value: c.container['name'], path: [...c.path, 'name'] })),
    dns1123Label,
  );
  checkNames(
    r,
    asArray(pod.spec['volumes']).map((v, i) => ({ value: asObject(v)['name'], path: [...pod.path, 'volumes', i, 'name'] })),
    dns1123Label,
  );
  for (const c of containers) {
    checkNames(
      r,
      asArray(c.container['ports']).map((p, i) => ({ value: asObject(p)['name'], path: [...c.path, 'ports', i, 'name'] })),
      portName,
    );
  }
  return r.out;
}
