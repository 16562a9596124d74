import { asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import {
  invalidMessage,
  podSpecOf,
  reporter,
  tooLongMessage,
  type FieldPath,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';
import { isBuiltIn } from './names';
import { labelKey, labelValue } from './nameFormats';

/** apimachinery's TotalAnnotationSizeLimitB: keys and values together. */
export const ANNOTATIONS_LIMIT = 256 * 1024;

/** Go's len(): bytes in UTF-8. */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

function checkLabels(r: Reporter, metadata: Record<string, unknown>, at: FieldPath): void {
  const path = [...at, 'labels'];
  for (const [key, value] of Object.entries(asObject(metadata['labels']))) {
    for (const e of labelKey(key))
      r.report([...path, { key }], CODE.k8sInvalidLabel, invalidMessage(path, key, e), { onKey: true });
    if (typeof value === 'string')
      for (const e of labelValue(value)) r.report([...path, { key }], CODE.k8sInvalidLabel, invalidMessage(path, value, e));
  }
}

function checkAnnotations(r: Reporter, metadata: Record<string, unknown>, at: FieldPath): void {
  const path = [...at, 'annotations'];
  let size = 0;
  for (const [key, value] of Object.entries(asObject(metadata['annotations']))) {
    // Annotation keys are qualified names, whatever their case.
    for (const e of labelKey(key.toLowerCase()))
      r.report([...path, { key }], CODE.k8sInvalidLabel, invalidMessage(path, key, e), { onKey: true });
    size += utf8Length(key) + (typeof value === 'string' ? utf8Length(value) : 0);
  }
  if (size > ANNOTATIONS_LIMIT) r.report(path, CODE.k8sInvalidLabel, tooLongMessage(path, ANNOTATIONS_LIMIT), { onKey: true });
}

/**
 * Labels and annotations, of the object and of its pod template: label keys and annotation keys are qualified names
 * (an optional DNS subdomain prefix, a name part of at most 63 characters), label values at most 63 characters of
 * `[-A-Za-z0-9_.]` starting and ending alphanumeric, and all annotations together at most 256 KiB.
 */
export function labelDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (!isBuiltIn(input.object)) return r.out;
  const metadata = asObject(input.object['metadata']);
  checkLabels(r, metadata, ['metadata']);
  checkAnnotations(r, metadata, ['metadata']);
  const pod = podSpecOf(input.object);
  if (pod?.templatePath && pod.templateMetadata) {
    checkLabels(r, pod.templateMetadata, [...pod.templatePath, 'metadata']);
    checkAnnotations(r, pod.templateMetadata, [...pod.templatePath, 'metadata']);
  }
  return r.out;
}
