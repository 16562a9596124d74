import { pointerOf, type ComposeModel } from '../../compose/model';
import { asArray, asObject, podTemplateOf, selects, type WorkspaceIndex } from '../../kubernetes/objects';
import type { Diagnostic, Severity } from '../../types';
import { CODE, coded, type RuleCode } from '../registry';

const WORKLOADS_WITH_SELECTOR = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

const sameNamespace = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;

export interface Reference {
  readonly kind: 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim' | 'Service';
  readonly name: string;
  readonly pointer: string;
}

/** Every object a pod template names: config maps, secrets, its service account, claims. */
export function podReferences(podSpec: Record<string, unknown>, at: string): Reference[] {
  const refs: Reference[] = [];
  const add = (kind: Reference['kind'], holder: Record<string, unknown>, field: string, pointer: string): void => {
    const name = holder[field];
    if (typeof name === 'string' && name !== '' && holder['optional'] !== true)
      refs.push({ kind, name, pointer: pointerOf(pointer, field) });
  };
  const spec = pointerOf(at, 'spec');
  if (typeof podSpec['serviceAccountName'] === 'string' && podSpec['serviceAccountName'] !== 'default')
    add('ServiceAccount', podSpec, 'serviceAccountName', spec);
  asArray(podSpec['volumes']).forEach((v, i) => {
    const volume = asObject(v);
    const p = pointerOf(pointerOf(spec, 'volumes'), i);
    add('ConfigMap', asObject(volume['configMap']), 'name', pointerOf(p, 'configMap'));
    add('Secret', asObject(volume['secret']), 'secretName', pointerOf(p, 'secret'));
    add('PersistentVolumeClaim', asObject(volume['persistentVolumeClaim']), 'claimName', pointerOf(p, 'persistentVolumeClaim'));
    asArray(asObject(volume['projected'])['sources']).forEach((s, j) => {
      const source = pointerOf(pointerOf(pointerOf(p, 'projected'), 'sources'), j);
      add('ConfigMap', asObject(asObject(s)['configMap']), 'name', pointerOf(source, 'configMap'));
      add('Secret', asObject(asObject(s)['secret']), 'name', pointerOf(source, 'secret'));
    });
  });
  for (const field of ['containers', 'initContainers']) {
    asArray(podSpec[field]).forEach((c, i) => {
      const container = asObject(c);
      const p = pointerOf(pointerOf(spec, field), i);
      asArray(container['envFrom']).forEach((e, j) => {
        const q = pointerOf(pointerOf(p, 'envFrom'), j);
        add('ConfigMap', asObject(asObject(e)['configMapRef']), 'name', pointerOf(q, 'configMapRef'));
        add('Secret', asObject(asObject(e)['secretRef']), 'name', pointerOf(q, 'secretRef'));
      });
      asArray(container['env']).forEach((e, j) => {
        const q = pointerOf(pointerOf(pointerOf(p, 'env'), j), 'valueFrom');
        const from = asObject(asObject(e)['valueFrom']);
        add('ConfigMap', asObject(from['configMapKeyRef']), 'name', pointerOf(q, 'configMapKeyRef'));
        add('Secret', asObject(from['secretKeyRef']), 'name', pointerOf(q, 'secretKeyRef'));
      });
    });
  }
  return refs;
}

export function ingressReferences(object: Record<string, unknown>, at: string): Reference[] {
  const refs: Reference[] = [];
  const spec = asObject(object['spec']);
  const backend = (b: unknown, pointer: string): void => {
    const name = asObject(asObject(b)['service'])['name'];
    if (typeof name === 'string') refs.push({ kind: 'Service', name, pointer: pointerOf(pointerOf(pointer, 'service'), 'name') });
  };
  backend(spec['defaultBackend'], pointerOf(pointerOf(at, 'spec'), 'defaultBackend'));
  asArray(spec['rules']).forEach((r, i) => {
    asArray(asObject(asObject(r)['http'])['paths']).forEach((p, j) => {
      backend(
        asObject(p)['backend'],
        pointerOf(pointerOf(pointerOf(pointerOf(pointerOf(pointerOf(at, 'spec'), 'rules'), i), 'http'), 'paths'), j) + '/backend',
      );
    });
  });
  return refs;
}

/**
 * Rules that look across objects: a workload whose selector misses its own pods; a Service that selects no pod
 * template, or targets a port name no selected container has; a ConfigMap, Secret, ServiceAccount, claim or Service
 * named but defined nowhere in the workspace (a hint when the workspace has none of that kind: it lives in the
 * cluster).
 */
export function crossObjectDiagnostics(
  model: ComposeModel,
  at: string,
  object: Record<string, unknown>,
  workspace: WorkspaceIndex,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  /** `severity` only where the rule lowers its default. */
  const push = (pointer: string, code: RuleCode, message: string, severity?: Severity): void => {
    const range = model.valueRange(pointer) ?? model.keyRange(pointer);
    if (range) out.push({ range, ...coded(code), ...(severity ? { severity } : {}), message });
  };
  const kind = String(object['kind']);
  const namespace = asObject(object['metadata'])['namespace'] as string | undefined;
  const spec = asObject(object['spec']);
  const template = podTemplateOf(object);

  if (WORKLOADS_WITH_SELECTOR.includes(kind) && template && spec['selector']) {
    const labels = Object.fromEntries(
      Object.entries(asObject(asObject(template['metadata'])['labels'])).map(([k, v]) => [k, String(v)]),
    );
    if (!selects(asObject(spec['selector']), labels, true)) {
      push(
        pointerOf(pointerOf(at, 'spec'), 'selector'),
        CODE.k8sSelectorMismatch,
        `spec.selector does not match the labels of this ${kind}'s own pod template`,
      );
    }
  }

  const selector = asObject(spec['selector']);
  const [firstLabel] = Object.entries(selector);
  if (kind === 'Service' && spec['type'] !== 'ExternalName' && firstLabel) {
    // Only workloads carrying the selector's first label can match: look those up, not every workload.
    const candidates = workspace.withLabel(firstLabel[0], String(firstLabel[1]));
    const selected = candidates.filter(
      (w) => sameNamespace(w.namespace, namespace) && selects(selector, w.podLabels ?? {}, false),
    );
    if (selected.length === 0) {
      push(
        pointerOf(pointerOf(at, 'spec'), 'selector'),
        CODE.k8sServiceSelectsNothing,
        'This selector matches no pod template in the workspace',
        workspace.workloads.length > 0 ? undefined : 'hint',
      );
    } else {
      const names = new Set(selected.flatMap((w) => w.portNames ?? []));
      asArray(spec['ports']).forEach((p, i) => {
        const target = asObject(p)['targetPort'];
        if (typeof target === 'string' && !/^\d+$/.test(target) && !names.has(target)) {
          push(
            pointerOf(pointerOf(pointerOf(pointerOf(at, 'spec'), 'ports'), i), 'targetPort'),
            CODE.k8sUnknownTargetPort,
            `No container selected by this Service declares a port named '${target}'`,
          );
        }
      });
    }
  }

  const refs = objectReferences(object, at);
  for (const ref of refs) {
    const ofKind = workspace.ofKind(ref.kind).filter((o) => sameNamespace(o.namespace, namespace));
    if (ofKind.some((o) => o.name === ref.name)) continue;
    push(
      ref.pointer,
      CODE.k8sUndefinedReference,
      `${ref.kind} '${ref.name}' is not defined in the workspace${ofKind.length > 0 ? '' : ' (it may exist in the cluster)'}`,
      ofKind.length > 0 ? undefined : 'hint',
    );
  }
  return out;
}

/** Every object a Kubernetes object names (its pod template's ConfigMaps, Secrets…; an Ingress's Services). */
export function objectReferences(object: Record<string, unknown>, at: string): Reference[] {
  const kind = String(object['kind']);
  const template = podTemplateOf(object);
  const templateAt =
    kind === 'Pod'
      ? at
      : kind === 'CronJob'
        ? `${pointerOf(pointerOf(at, 'spec'), 'jobTemplate')}/spec/template`
        : pointerOf(pointerOf(at, 'spec'), 'template');
  return [
    ...(template ? podReferences(asObject(template['spec']), templateAt) : []),
    ...(kind === 'Ingress' ? ingressReferences(object, at) : []),
  ];
}
