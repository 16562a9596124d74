import { pointerOf, type ComposeModel } from '../compose/model';
import type { Diagnostic, Position, Range } from '../types';

/**
 * An OpenShift Template (template.openshift.io/v1, or OpenShift 3's non-groupified `v1`): its `objects` are Kubernetes objects in which `${NAME}` and
 * `${{NAME}}` stand for parameters. OpenShift substitutes them when the template is processed, before any object
 * reaches validation (openshift/library-go `templateprocessing`): `${NAME}` anywhere in a string, `${{NAME}}` only as
 * the whole string, whose quotes then drop so that a number or a boolean can come from a parameter.
 */
export const isTemplate = (object: Record<string, unknown>): boolean =>
  object['kind'] === 'Template' && (object['apiVersion'] === 'template.openshift.io/v1' || object['apiVersion'] === 'v1');

/** A parameter's name, as the API server's template validation accepts it. */
export const PARAMETER_NAME = /^[a-zA-Z0-9_]+$/;

/** One `${NAME}` or `${{NAME}}` in a string: where the string is, and the offsets of the reference in its value. */
export interface ParameterReference {
  readonly pointer: string;
  readonly name: string;
  /** As written: `${NAME}` or `${{NAME}}`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WHOLE = /^\$\{\{([a-zA-Z0-9_]+)\}\}$/;
const INLINE = /\$\{([a-zA-Z0-9_]+?)\}/g;

/** The references in one string, read as the processor reads them: a whole `${{NAME}}` first, else each `${NAME}`. */
export function referencesIn(text: string): Omit<ParameterReference, 'pointer'>[] {
  const whole = WHOLE.exec(text);
  if (whole?.[1]) return [{ name: whole[1], text, start: 0, end: text.length }];
  return [...text.matchAll(INLINE)].map((m) => ({
    name: m[1] ?? '',
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Every reference in the strings of a value (the processor visits every string of every object). */
export function parameterReferences(value: unknown, pointer: string, depth = 0): ParameterReference[] {
  if (typeof value === 'string') return referencesIn(value).map((r) => ({ pointer, ...r }));
  if (!value || typeof value !== 'object' || depth > 64) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, v]) => parameterReferences(v, pointerOf(pointer, key), depth + 1));
}

/** What processing substitutes into: the objects, the message and the labels put on every object. */
export function templateReferences(template: Record<string, unknown>, at: string): ParameterReference[] {
  return ['objects', 'message', 'labels'].flatMap((key) => parameterReferences(template[key], pointerOf(at, key)));
}

/** The objects of a template that are objects (a scalar there is the schema's error), with their pointers. */
export function templateObjects(
  template: Record<string, unknown>,
  at: string,
): { pointer: string; value: Record<string, unknown> }[] {
  const objects: unknown = template['objects'];
  if (!Array.isArray(objects)) return [];
  return objects.flatMap((item: unknown, i) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? [{ pointer: pointerOf(pointerOf(at, 'objects'), i), value: item as Record<string, unknown> }]
      : [],
  );
}

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
const within = (inner: Range, outer: Range): boolean => before(outer.start, inner.start) && before(inner.end, outer.end);

/**
 * An object's findings less those on a value that holds a parameter reference: what the value will be is known only
 * once the template is processed, so `replicas: ${{REPLICAS}}` is no type error and `name: ${NAME}` no bad name.
 */
export function withoutSubstitutedFindings(
  diagnostics: readonly Diagnostic[],
  model: ComposeModel,
  references: readonly ParameterReference[],
): Diagnostic[] {
  const ranges = [...new Set(references.map((r) => r.pointer))]
    .map((p) => model.valueRange(p))
    .filter((r): r is Range => r !== undefined);
  return diagnostics.filter((d) => !ranges.some((r) => within(d.range, r)));
}
