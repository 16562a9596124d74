import { pointerOf } from '../compose/composeModel';
import { asRecord } from '../compose/names';

/**
 * The one table of what a Kubernetes object names: which fields hold the name of a ConfigMap, Secret,
 * ServiceAccount, claim or Service. The `k8s/undefined-reference` rule and navigation walk objects with it;
 * completion and hover ask it which kind a field under the cursor names.
 */

export type ReferencedKind = 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim' | 'Service';

export interface ObjectReference {
  readonly kind: ReferencedKind;
  readonly name: string;
  readonly pointer: string;
}

/**
 * The shape of the fields that name objects: a map holds the keys to follow, a one-item array stands for every item
 * of a list, a kind is a field whose string value names an object of that kind.
 */
type Shape = ReferencedKind | readonly [Shape] | { readonly [key: string]: Shape };

const CONTAINER: Shape = {
  envFrom: [{ configMapRef: { name: 'ConfigMap' }, secretRef: { name: 'Secret' } }],
  env: [{ valueFrom: { configMapKeyRef: { name: 'ConfigMap' }, secretKeyRef: { name: 'Secret' } } }],
};

/** From a pod spec. */
const POD_SPEC: Shape = {
  serviceAccountName: 'ServiceAccount',
  volumes: [
    {
      configMap: { name: 'ConfigMap' },
      secret: { secretName: 'Secret' },
      persistentVolumeClaim: { claimName: 'PersistentVolumeClaim' },
      projected: { sources: [{ configMap: { name: 'ConfigMap' }, secret: { name: 'Secret' } }] },
    },
  ],
  containers: [CONTAINER],
  initContainers: [CONTAINER],
};

const BACKEND: Shape = { service: { name: 'Service' } };
/** From an Ingress object. */
const INGRESS: Shape = { spec: { defaultBackend: BACKEND, rules: [{ http: { paths: [{ backend: BACKEND }] } }] } };

/** Names that exist without a manifest: every namespace has its `default` ServiceAccount. */
const IMPLICIT: Partial<Record<ReferencedKind, string>> = { ServiceAccount: 'default' };

function walk(shape: Shape, value: unknown, pointer: string, holder: Record<string, unknown>, out: ObjectReference[]): void {
  if (typeof shape === 'string') {
    // A reference marked `optional: true` may be absent; it names nothing that must exist.
    if (typeof value === 'string' && value !== '' && value !== IMPLICIT[shape] && holder['optional'] !== true)
      out.push({ kind: shape, name: value, pointer });
    return;
  }
  if (Array.isArray(shape)) {
    const [item] = shape as readonly [Shape];
    if (Array.isArray(value)) value.forEach((v, i) => walk(item, v, pointerOf(pointer, i), holder, out));
    return;
  }
  const record = asRecord(value);
  for (const [key, inner] of Object.entries(shape as Record<string, Shape>))
    if (key in record) walk(inner, record[key], pointerOf(pointer, key), record, out);
}

/** Where an object keeps its pod spec: a Pod's own `spec`, a CronJob's job template's, a workload's template's. */
export function podSpecSteps(object: Record<string, unknown>): string[] | undefined {
  const kind = object['kind'];
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return asRecord(object['spec'])['template'] ? ['spec', 'template', 'spec'] : undefined;
}

/** Every object a Kubernetes object (at pointer `at`) names: its pod spec's ConfigMaps, Secrets…; an Ingress's Services. */
export function objectReferences(object: Record<string, unknown>, at: string): ObjectReference[] {
  const out: ObjectReference[] = [];
  const steps = podSpecSteps(object);
  if (steps) {
    const podSpec = steps.reduce<unknown>((value, step) => asRecord(value)[step], object);
    walk(POD_SPEC, podSpec, steps.reduce(pointerOf, at), {}, out);
  }
  if (object['kind'] === 'Ingress') walk(INGRESS, object, at, {}, out);
  return out;
}

/** Each field that names an object: its keys from the pod spec (or the Ingress), and the kind it names. */
function fieldPaths(shape: Shape, path: readonly string[]): [readonly string[], ReferencedKind][] {
  if (typeof shape === 'string') return [[path, shape]];
  if (Array.isArray(shape)) return fieldPaths((shape as readonly [Shape])[0], path);
  return Object.entries(shape as Record<string, Shape>).flatMap(([key, inner]) => fieldPaths(inner, [...path, key]));
}

const FIELD_PATHS = [...fieldPaths(POD_SPEC, []), ...fieldPaths(INGRESS, [])];

/**
 * The kind of object the field at `keys` names (the path's keys, list indexes left out), when it names one: the
 * path ends with one of the table's fields.
 */
export function referencedKindAt(keys: readonly string[]): ReferencedKind | undefined {
  const endsWith = (tail: readonly string[]): boolean =>
    tail.length <= keys.length && tail.every((key, i) => keys[keys.length - tail.length + i] === key);
  return FIELD_PATHS.find(([tail]) => endsWith(tail))?.[1];
}
