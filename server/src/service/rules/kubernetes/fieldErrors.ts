import { pointerOf, type ComposeModel } from '@stevedore/model';
import { asArray, asObject } from '../../kubernetes/objects';
import type { Diagnostic, Fix, Severity } from '../../types';
import { coded, type RuleCode } from '../registry';

/**
 * The API server's error vocabulary (apimachinery's `field.Error`), so that a finding reads as `kubectl apply` would
 * print it: `spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and
 * 65535, inclusive`. Paths are relative to the object; map keys are `[key]` segments, as the server writes them.
 */
export type Segment = string | number | { readonly key: string };
export type FieldPath = readonly Segment[];

export function fieldPathText(path: FieldPath): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string') out += out === '' ? s : `.${s}`;
    else out += `[${s.key}]`;
  }
  return out;
}

/** A value as Go's `%#v`-ish formatting in field errors shows it: strings quoted, numbers bare. */
export const shown = (value: unknown): string =>
  typeof value === 'number' || typeof value === 'boolean' ? String(value) : (JSON.stringify(value) ?? 'null');

export const invalidMessage = (path: FieldPath, value: unknown, detail: string): string =>
  `${fieldPathText(path)}: Invalid value: ${shown(value)}: ${detail}`;
export const requiredMessage = (path: FieldPath, detail = ''): string =>
  `${fieldPathText(path)}: Required value${detail ? `: ${detail}` : ''}`;
export const duplicateMessage = (path: FieldPath, value: unknown): string =>
  `${fieldPathText(path)}: Duplicate value: ${shown(value)}`;
export const notFoundMessage = (path: FieldPath, value: unknown): string => `${fieldPathText(path)}: Not found: ${shown(value)}`;
export const forbiddenMessage = (path: FieldPath, detail: string): string => `${fieldPathText(path)}: Forbidden: ${detail}`;
export const notSupportedMessage = (path: FieldPath, value: unknown, supported: readonly string[]): string =>
  `${fieldPathText(path)}: Unsupported value: ${shown(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
export const tooLongMessage = (path: FieldPath, bytes: number): string =>
  `${fieldPathText(path)}: Too long: must have at most ${bytes} bytes`;

export const RANGE_ERROR = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;
export const NEGATIVE_ERROR = 'must be greater than or equal to 0';

/** What an object rule is given: the document's model, where the object is in it, the object, and whether it is a patch. */
export interface ObjectInput {
  readonly model: ComposeModel;
  /** JSON pointer of the object in its document ('' or `/items/3`). */
  readonly at: string;
  readonly object: Record<string, unknown>;
  /** A kustomize patch: a partial object, so nothing is reported for what it leaves out. */
  readonly partial: boolean;
}

export interface Reporter {
  readonly out: Diagnostic[];
  /** A finding at a field; when the field is absent, at the nearest parent that is written. */
  report(
    path: FieldPath,
    code: RuleCode,
    message: string,
    options?: { severity?: Severity; fixes?: Fix[]; onKey?: boolean },
  ): void;
}

export function reporter({ model, at }: ObjectInput): Reporter {
  const out: Diagnostic[] = [];
  return {
    out,
    report(path, code, message, options = {}) {
      const pointers = [at];
      for (const s of path) pointers.push(pointerOf(pointers[pointers.length - 1] ?? at, typeof s === 'object' ? s.key : s));
      let range;
      for (let i = pointers.length - 1; i >= 0 && !range; i--) {
        const p = pointers[i] ?? at;
        // An absent field is reported on its parent's key; a present one on its value (or its key, when asked).
        range = i === pointers.length - 1 && !options.onKey ? (model.valueRange(p) ?? model.keyRange(p)) : model.keyRange(p);
        if (!range && i === 0) range = model.valueRange(p);
      }
      if (!range) return;
      out.push({
        range,
        ...coded(code),
        ...(options.severity ? { severity: options.severity } : {}),
        message,
        ...(options.fixes ? { fixes: options.fixes } : {}),
      });
    },
  };
}

/** A pod spec inside an object, with its path: `spec` of a Pod, `spec.template.spec` of a workload, deeper in a CronJob. */
export interface PodSpecAt {
  readonly spec: Record<string, unknown>;
  readonly path: FieldPath;
  /** The pod template's metadata path (labels are checked there too), undefined for a Pod. */
  readonly templatePath?: FieldPath;
  readonly templateMetadata?: Record<string, unknown>;
}

// OpenShift's DeploymentConfig (apps.openshift.io) embeds a Kubernetes pod template, validated as Kubernetes' own.
const WITH_TEMPLATE = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'ReplicationController',
  'DeploymentConfig',
]);

export function podSpecOf(object: Record<string, unknown>): PodSpecAt | undefined {
  const kind = object['kind'];
  const spec = asObject(object['spec']);
  if (kind === 'Pod') return object['spec'] ? { spec, path: ['spec'] } : undefined;
  let template: unknown;
  let templatePath: FieldPath;
  if (kind === 'CronJob') {
    template = asObject(asObject(spec['jobTemplate'])['spec'])['template'];
    templatePath = ['spec', 'jobTemplate', 'spec', 'template'];
  } else if (kind === 'PodTemplate') {
    template = object['template'];
    templatePath = ['template'];
  } else if (typeof kind === 'string' && WITH_TEMPLATE.has(kind)) {
    template = spec['template'];
    templatePath = ['spec', 'template'];
  } else return undefined;
  if (!template || typeof template !== 'object') return undefined;
  const t = asObject(template);
  if (!t['spec']) return undefined;
  return {
    spec: asObject(t['spec']),
    path: [...templatePath, 'spec'],
    templatePath,
    templateMetadata: asObject(t['metadata']),
  };
}

export interface ContainerAt {
  readonly container: Record<string, unknown>;
  readonly path: FieldPath;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: string;
}

export function containersAt(pod: PodSpecAt): ContainerAt[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((list) =>
    asArray(pod.spec[list]).map((c, i) => ({ container: asObject(c), path: [...pod.path, list, i], list })),
  );
}

export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
