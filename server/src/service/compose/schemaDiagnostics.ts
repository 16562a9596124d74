import type { ErrorObject } from 'ajv';
import { isScalar } from 'yaml';
import { CODE, coded, type RuleCode } from '../rules/registry';
import { quoteFix } from '../rules/yamlRetyped';
import type { Diagnostic, Fix, Range } from '../types';
import { didYouMean } from '../text';
import type { ComposeModel } from '@stevedore/model';
import { CASTABLE, CHOICES, EXPECT } from './strictSchema';

/** The rule codes schema errors are reported under, per family of files. */
export interface SchemaCodes {
  readonly unknownKey: RuleCode;
  readonly missingKey: RuleCode;
  readonly invalidType: RuleCode;
  readonly invalidValue: RuleCode;
  /** How a value outside an enumeration is worded, when the family's tool has its own words (the API server's). */
  readonly notInEnum?: (instancePath: string, value: unknown, allowed: readonly unknown[]) => string;
}
export const COMPOSE_CODES: SchemaCodes = {
  unknownKey: CODE.composeUnknownKey,
  missingKey: CODE.composeMissingKey,
  invalidType: CODE.composeInvalidType,
  invalidValue: CODE.composeInvalidValue,
};

/** `/services/web/ports/0` → `services.web.ports[0]`, the way users read a path. */
export function readablePath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/**
 * ajv reports every branch of every `oneOf`/`anyOf`. Keep what helps: a branch whose errors are all ignorable
 * accepts the value; branches that expected another kind of value (a list where a string was written) are dropped
 * when some branch took this kind; of the branches left, the one whose errors reach deepest is kept. When no branch
 * took the value, one error says which kinds would do. Inner combinators are resolved before outer ones.
 */
function reduceCombinators(errors: readonly ErrorObject[], ignorable: (e: ErrorObject) => boolean): ErrorObject[] {
  let current = [...errors];
  const owners = current
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length || b.instancePath.length - a.instancePath.length);
  for (const owner of owners) {
    const prefix = `${owner.schemaPath}/`;
    const within = (e: ErrorObject): boolean =>
      e !== owner &&
      e.schemaPath.startsWith(prefix) &&
      (e.instancePath === owner.instancePath || e.instancePath.startsWith(`${owner.instancePath}/`));
    const group = current.filter(within);
    const rest = current.filter((e) => e !== owner && !within(e));
    const branches = new Map<string, ErrorObject[]>();
    for (const e of group) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    if ([...branches.values()].some((es) => es.every(ignorable))) {
      current = rest;
      continue;
    }
    const mismatch = (branch: string, es: ErrorObject[]): ErrorObject | undefined =>
      es.find((e) => e.keyword === 'type' && e.schemaPath === `${prefix}${branch}/type` && e.instancePath === owner.instancePath);
    const relevant = [...branches].filter(([branch, es]) => !mismatch(branch, es)).map(([, es]) => es);
    if (relevant.length > 0) {
      const depth = (es: ErrorObject[]): number => Math.max(...es.map((e) => e.instancePath.split('/').length));
      current = [...rest, ...(relevant.sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0] ?? [])];
    } else {
      const types = [...branches].flatMap(([branch, es]) => [mismatch(branch, es)?.params['type'] as string | string[]].flat());
      const type = [...new Set(types.filter((t): t is string => typeof t === 'string'))];
      current = [...rest, { ...owner, keyword: 'type', params: { type }, parentSchema: {} }];
    }
  }
  return current;
}

function describeType(types: unknown): string {
  const list = [types].flat().map(String);
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    null: 'nothing',
  };
  return list.map((t) => names[t] ?? t).join(' or ');
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text && text.length > 60 ? `${text.slice(0, 57)}...` : (text ?? String(value));
}

/** Plain YAML that some parser would read as other than this string (a boolean in YAML 1.1, a number, null). */
const RETYPED = /^(y|yes|n|no|true|false|on|off|null|~|[-+.]?[0-9].*|\.inf|\.nan)?$/i;

/** A scalar value written as YAML that reads back as that value in every parser compose and kubectl use. */
function yamlScalar(value: string | number | boolean): string {
  return typeof value === 'string' && (RETYPED.test(value) || /[:#'"{}[\],&*!|>%@`]|^\s|\s$/.test(value))
    ? JSON.stringify(value)
    : String(value);
}

/**
 * "Change to …" fixes for a value outside an enumeration: one per allowed scalar (at most 12), the closest spelling
 * first. Only for a scalar the user wrote (a mapping or a list is not replaced by one click).
 */
function allowedValueFixes(
  model: ComposeModel,
  error: ErrorObject,
  range: Range,
  allowed: readonly unknown[],
): { fixes?: readonly Fix[] } {
  if (!isScalar(model.info(error.instancePath)?.node)) return {};
  // An empty string some enumerations allow (a Kubernetes field where "" means unset) is not a value to change to.
  const values = allowed.filter(
    (v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v) && v !== '',
  );
  if (values.length === 0 || values.length > 12) return {};
  const hint = didYouMean(String(error.data), values.map(String));
  const ordered = hint ? [...values.filter((v) => String(v) === hint), ...values.filter((v) => String(v) !== hint)] : values;
  return {
    fixes: ordered.map((v) => ({
      kind: 'allowed-value',
      title: `Change to '${String(v)}'`,
      edits: [{ range, newText: yamlScalar(v) }],
    })),
  };
}

function toDiagnostic(error: ErrorObject, model: ComposeModel, codes: SchemaCodes): Diagnostic | undefined {
  const at = readablePath(error.instancePath) || 'the top level';
  const expect = error.parentSchema?.[EXPECT] as string | undefined;
  const range = model.valueRange(error.instancePath) ?? model.keyRange(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params['additionalProperty']);
      const pointer = `${error.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const known = Object.keys((error.parentSchema?.['properties'] as object | undefined) ?? {});
      const hint = didYouMean(key, known);
      const keyRange = model.keyRange(pointer) ?? range;
      if (!keyRange) return undefined;
      return {
        range: keyRange,
        ...coded(codes.unknownKey),
        message: `Unknown key '${key}' in ${at}${hint ? `. Did you mean '${hint}'?` : ''}`,
        ...(hint
          ? { fixes: [{ kind: 'did-you-mean', title: `Change to '${hint}'`, edits: [{ range: keyRange, newText: hint }] }] }
          : {}),
      };
    }
    case 'required': {
      const key = String(error.params['missingProperty']);
      const keyRange = model.keyRange(error.instancePath) ?? range;
      return keyRange && { range: keyRange, ...coded(codes.missingKey), message: `${at} needs '${key}'` };
    }
    case 'type': {
      // A number or boolean where a string is expected (`image: 1e3`, `08`): quoting keeps the text as written.
      const node = model.info(error.instancePath)?.node;
      const fix = [error.params['type']].flat().includes('string') && isScalar(node) ? quoteFix(model.file, node) : undefined;
      return (
        range && {
          range,
          ...coded(codes.invalidType),
          message: `${at} must be ${describeType(error.params['type'])}, not ${shown(error.data)}`,
          ...(fix ? { fixes: [fix] } : {}),
        }
      );
    }
    case 'pattern':
      return (
        range && {
          range,
          ...coded(codes.invalidValue),
          message: `${at} must be ${expect ?? `in the form ${String(error.params['pattern'])}`}, not ${shown(error.data)}`,
          ...(Array.isArray(error.parentSchema?.[CHOICES])
            ? allowedValueFixes(model, error, range, error.parentSchema[CHOICES] as unknown[])
            : {}),
        }
      );
    case 'enum': {
      const allowed = error.params['allowedValues'] as unknown[];
      return (
        range && {
          range,
          ...coded(codes.invalidValue),
          message:
            codes.notInEnum?.(error.instancePath, error.data, allowed) ??
            `${at} must be one of ${allowed.map(String).join(', ')}, not ${shown(error.data)}`,
          ...allowedValueFixes(model, error, range, allowed),
        }
      );
    }
    case 'format':
      return (
        range && {
          range,
          ...coded(codes.invalidValue),
          message: `${shown(error.data)} is not a valid ${String(error.params['format'])} value (${at})`,
        }
      );
    default:
      return range && { range, ...coded(codes.invalidValue), message: `${at} ${error.message ?? 'is invalid'}` };
  }
}

/** True when the value at the error's place (or above it) came from a variable that is unset: the tools would see "" or the deploying shell's value, so nothing can be said. */
function dependsOnUnsetVariable(error: ErrorObject, model: ComposeModel): boolean {
  if (error.keyword === 'uniqueItems') {
    // Two items that are equal only because their variables are unset are not known to be equal.
    const items = [error.params['i'], error.params['j']].map((i) => model.info(`${error.instancePath}/${String(i)}`));
    if (items.some((info) => info?.interpolation?.unresolved)) return true;
  }
  const parts = error.instancePath.split('/');
  for (let i = parts.length; i > 0; i--) if (model.info(parts.slice(0, i).join('/'))?.interpolation?.unresolved) return true;
  return false;
}

/**
 * The tools cast an interpolated string to the type its place needs (`replicas: ${N:-2}` is the integer 2); a type
 * error on such a string is no error when the cast would succeed.
 */
function castAfterInterpolation(error: ErrorObject, model: ComposeModel): boolean {
  if (error.keyword !== 'type' || typeof error.data !== 'string' || !model.info(error.instancePath)?.interpolation) return false;
  const text = error.data;
  return [error.params['type']].flat().some((t) => {
    const rule = CASTABLE[String(t)];
    return rule !== undefined && new RegExp(rule.pattern).test(text);
  });
}

export function schemaDiagnostics(
  errors: readonly ErrorObject[],
  model: ComposeModel,
  codes: SchemaCodes = COMPOSE_CODES,
): Diagnostic[] {
  const ignorable = (e: ErrorObject): boolean => dependsOnUnsetVariable(e, model) || castAfterInterpolation(e, model);
  const kept = reduceCombinators(
    errors.filter((e) => e.keyword !== 'if'),
    ignorable,
  ).filter((e) => !ignorable(e));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of kept) {
    const diagnostic = toDiagnostic(error, model, codes);
    const id = diagnostic && `${diagnostic.range.start.line}:${diagnostic.range.start.character}:${diagnostic.message}`;
    if (!diagnostic || !id || seen.has(id)) continue;
    seen.add(id);
    out.push(diagnostic);
  }
  return out;
}
