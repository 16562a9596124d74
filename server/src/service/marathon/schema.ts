import Ajv, { type ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { marathonSchema } from '../schemaData';

type Schema = Record<string, unknown>;

/** The definitions of schemas/marathon/marathon.schema.json. */
export type DefinitionName = 'AppDefinition' | 'PodDefinition' | 'GroupDefinition';

const root = marathonSchema as unknown as { definitions: Record<DefinitionName, Schema> };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What a Marathon file's top-level value is: a pod (it has `containers`), a group (`apps` or `groups`), else an app;
 * a list is a list of apps (the body of `PUT /v2/apps`).
 */
export function definitionOf(value: unknown): { readonly name: DefinitionName; readonly list: boolean } {
  if (Array.isArray(value)) return { name: 'AppDefinition', list: true };
  if (isObject(value) && 'containers' in value) return { name: 'PodDefinition', list: false };
  if (isObject(value) && ('apps' in value || 'groups' in value)) return { name: 'GroupDefinition', list: false };
  return { name: 'AppDefinition', list: false };
}

/** The schema of a whole file whose top-level value is `value`, with the definitions its `$ref`s name (completion, hover). */
export function fileSchema(value: unknown): Schema {
  const { name, list } = definitionOf(value);
  const ref = { $ref: `#/definitions/${name}` };
  return { ...(list ? { type: 'array', items: ref } : ref), definitions: root.definitions };
}

/** A document's top-level value as far as `definitionOf` looks at it (a list, or a mapping's keys), from the parse. */
export function topLevelShape(document: Document.Parsed | undefined): unknown {
  const contents = document?.contents;
  if (isSeq(contents)) return [];
  if (!isMap(contents)) return undefined;
  return Object.fromEntries(contents.items.flatMap((pair) => (isScalar(pair.key) ? [[String(pair.key.value), true]] : [])));
}

/** The pattern the RAML gives a path id (`strings.PathId`); `marathon/invalid-id` checks ids more closely than it. */
export const PATH_ID_PATTERN = (root.definitions.AppDefinition['properties'] as Record<string, Schema>)['id']?.['pattern'];

/** RFC 3339 date-time, the RAML `datetime` (a `version` of an app or group). */
const DATE_TIME = /^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)$/;

let ajv: Ajv | undefined;
const validators = new Map<DefinitionName, ValidateFunction>();

/** A definition's validator, compiled on first use and kept (the options are the Compose validator's). */
export function marathonValidator(name: DefinitionName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    ajv ??= new Ajv({
      allErrors: true,
      strict: false,
      verbose: true,
      allowUnionTypes: true,
      validateSchema: false,
      formats: { 'date-time': DATE_TIME },
    }).addSchema(marathonSchema, 'marathon');
    validate = ajv.getSchema(`marathon#/definitions/${name}`);
    if (!validate) throw new Error(`marathon.schema.json has no definition ${name}`);
    validators.set(name, validate);
  }
  return validate;
}
