import { asArray, asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import {
  forbiddenMessage,
  invalidMessage,
  reporter,
  requiredMessage,
  type FieldPath,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';
import { isBuiltIn } from './names';
import { labelKey, labelValue } from './nameFormats';

const MAX_DEPTH = 24;

function checkRequirement(r: Reporter, req: Record<string, unknown>, path: FieldPath, node: boolean): void {
  const operator = req['operator'];
  const values = asArray(req['values']);
  const valuesPath = [...path, 'values'];
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0)
      r.report(
        valuesPath,
        CODE.k8sInvalidSelector,
        requiredMessage(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"),
        { onKey: true },
      );
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0)
      r.report(
        valuesPath,
        CODE.k8sInvalidSelector,
        forbiddenMessage(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        { onKey: true },
      );
  } else if (node && (operator === 'Gt' || operator === 'Lt')) {
    if (values.length !== 1)
      r.report(
        valuesPath,
        CODE.k8sInvalidSelector,
        requiredMessage(valuesPath, "must be specified single value when `operator` is 'Lt' or 'Gt'"),
        { onKey: true },
      );
    else if (!/^-?\d+$/.test(String(values[0])))
      r.report([...valuesPath, 0], CODE.k8sInvalidSelector, invalidMessage([...valuesPath, 0], values[0], 'must be an integer'));
  } else if (typeof operator === 'string')
    r.report(
      [...path, 'operator'],
      CODE.k8sInvalidSelector,
      invalidMessage([...path, 'operator'], operator, 'not a valid selector operator'),
    );
  const key = req['key'];
  if (typeof key === 'string')
    for (const e of labelKey(key)) r.report([...path, 'key'], CODE.k8sInvalidSelector, invalidMessage([...path, 'key'], key, e));
  if (!node)
    values.forEach((v, i) => {
      if (typeof v === 'string')
        for (const e of labelValue(v))
          r.report([...valuesPath, i], CODE.k8sInvalidSelector, invalidMessage([...valuesPath, i], v, e));
    });
}

function checkSelector(r: Reporter, selector: Record<string, unknown>, path: FieldPath, node: boolean): void {
  asArray(selector['matchExpressions']).forEach((req, i) =>
    checkRequirement(r, asObject(req), [...path, 'matchExpressions', i], node),
  );
  const matchLabels = [...path, 'matchLabels'];
  for (const [key, value] of Object.entries(asObject(selector['matchLabels']))) {
    for (const e of labelKey(key))
      r.report([...matchLabels, { key }], CODE.k8sInvalidSelector, invalidMessage(matchLabels, key, e), { onKey: true });
    if (typeof value === 'string')
      for (const e of labelValue(value))
        r.report([...matchLabels, { key }], CODE.k8sInvalidSelector, invalidMessage(matchLabels, value, e));
  }
}

/** Every selector in the object, wherever it is (workload selectors, affinity terms, policies), found by its shape. */
function walk(r: Reporter, value: unknown, path: FieldPath, node: boolean, depth: number): void {
  if (depth > MAX_DEPTH || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(r, v, [...path, i], node, depth + 1));
    return;
  }
  const object = value as Record<string, unknown>;
  if (Array.isArray(object['matchExpressions']) || (!node && object['matchLabels'] && typeof object['matchLabels'] === 'object'))
    checkSelector(r, object, path, node);
  for (const [key, child] of Object.entries(object)) {
    // Labels, annotations and selectors' own maps are not selectors; data and free-form specs are not walked.
    if (key === 'metadata' || key === 'matchLabels' || key === 'matchExpressions' || key === 'data' || key === 'stringData')
      continue;
    walk(r, child, [...path, key], node || key === 'nodeAffinity', depth + 1);
  }
}

/**
 * Selectors: each matchExpressions operator is one the API knows (In, NotIn, Exists, DoesNotExist; Gt and Lt in node
 * affinity), with values as it requires (some for In/NotIn, none for Exists/DoesNotExist, one integer for Gt/Lt),
 * and keys and values that are label keys and values; matchLabels likewise.
 */
export function selectorDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (!isBuiltIn(input.object) || input.object['kind'] === 'CustomResourceDefinition') return r.out;
  walk(r, input.object['spec'], ['spec'], false, 0);
  return r.out;
}
