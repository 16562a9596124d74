import { isTemplate, PARAMETER_NAME, templateReferences } from '../../kubernetes/template';
import { asArray, asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { offsetMapper } from '../compose/interpolation';
import { CODE, coded } from '../registry';
import {
  duplicateMessage,
  invalidMessage,
  reporter,
  requiredMessage,
  type FieldPath,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';

/** The only generator `oc process` and the template service register. */
export const GENERATORS = ['expression'] as const;

export const templateMessages = {
  name: (path: FieldPath, name: string) => invalidMessage(path, name, `does not match ${PARAMETER_NAME.source}`),
  duplicate: (path: FieldPath, name: string, first: number) =>
    `${duplicateMessage(path, name)}: parameters[${first}] has this name already, and processing keeps only one value for both`,
  required: (name: string) =>
    `parameter ${name} is required and must be specified: it has no value and no generator, so processing fails unless it is given one (oc process -p ${name}=…)`,
  generator: (name: string, generate: string) =>
    `Unknown generator name '${generate}' for parameter ${name}: the only generator is 'expression'`,
  undefined: (written: string, name: string) =>
    `${written} names no parameter of this template: processing leaves it as written. Add a parameter ${name}, or fix the name`,
};

/** Parameter names: required, the API server's syntax, and each once. */
function checkNames(r: Reporter, parameters: readonly Record<string, unknown>[]): void {
  const seen = new Map<string, number>();
  parameters.forEach((parameter, i) => {
    const name = parameter['name'];
    const path: FieldPath = ['parameters', i, 'name'];
    if (name === '') r.report(path, CODE.openshiftTemplateParameterName, requiredMessage(path));
    if (typeof name !== 'string' || name === '') return;
    if (!PARAMETER_NAME.test(name)) r.report(path, CODE.openshiftTemplateParameterName, templateMessages.name(path, name));
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else r.report(path, CODE.openshiftTemplateDuplicateParameter, templateMessages.duplicate(path, name, first));
  });
}

/** What processing refuses for a parameter without a value: an unknown generator, or a required one with none. */
function checkValues(r: Reporter, parameters: readonly Record<string, unknown>[]): void {
  parameters.forEach((parameter, i) => {
    const { name, value, generate, required } = parameter;
    if (typeof name !== 'string' || (typeof value === 'string' && value !== '')) return;
    const hasGenerator = typeof generate === 'string' && generate !== '';
    if (hasGenerator && !(GENERATORS as readonly string[]).includes(generate))
      r.report(['parameters', i, 'generate'], CODE.openshiftTemplateGenerator, templateMessages.generator(name, generate));
    else if (required === true && !hasGenerator)
      r.report(['parameters', i, 'required'], CODE.openshiftTemplateRequiredParameter, templateMessages.required(name), {
        onKey: true,
      });
  });
}

/** A `${NAME}` whose NAME no parameter has, at the reference itself. */
function undefinedReferences(input: ObjectInput, names: ReadonlySet<string>): Diagnostic[] {
  const { model, object, at } = input;
  return templateReferences(object, at).flatMap((reference) => {
    if (names.has(reference.name)) return [];
    const info = model.info(reference.pointer);
    const range = info && offsetMapper(model, info)(reference.start, reference.end);
    return range
      ? [
          {
            range,
            ...coded(CODE.openshiftTemplateUndefinedParameter),
            message: templateMessages.undefined(reference.text, reference.name),
          },
        ]
      : [];
  });
}

/**
 * An OpenShift Template's own checks (openshift/openshift-apiserver `pkg/template/apis/template/validation` for
 * parameter names, library-go `templateprocessing` for what processing refuses). Its objects are checked as
 * objects in validateKubernetes.ts.
 */
export function templateDiagnostics(input: ObjectInput): Diagnostic[] {
  if (!isTemplate(input.object)) return [];
  const r = reporter(input);
  const parameters = asArray(input.object['parameters']).map(asObject);
  checkNames(r, parameters);
  checkValues(r, parameters);
  const names = new Set(parameters.map((p) => p['name']).filter((n): n is string => typeof n === 'string'));
  return [...r.out, ...undefinedReferences(input, names)];
}
