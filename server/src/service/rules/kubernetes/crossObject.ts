import { objectReferences, pointerOf, type ComposeModel } from '@stevedore/model';
import { asArray, asObject, podTemplateOf, selects, type WorkspaceIndex } from '../../kubernetes/objects';
import type { Diagnostic, Severity } from '../../types';
import { CODE, coded, type RuleCode } from '../registry';

const WORKLOADS_WITH_SELECTOR = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

const sameNamespace = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;

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
