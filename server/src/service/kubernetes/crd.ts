import Ajv, { type ValidateFunction } from 'ajv';
import type { KubeObject, WorkspaceIndex } from './objects';

/**
 * Custom resources are validated with the schema their CustomResourceDefinition declares, when the workspace holds
 * it: strict like the API server's structural schemas (unknown fields are errors unless the schema preserves them),
 * int-or-string as either, and the object's own apiVersion, kind and metadata allowed around the declared fields.
 */
function structural(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(structural);
  if (!schema || typeof schema !== 'object') return schema;
  const input = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key.startsWith('x-kubernetes-')) continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, structural(v)]))
        : structural(value);
  }
  if (input['x-kubernetes-int-or-string'] === true) {
    delete out['type'];
    out['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
  }
  if (input['nullable'] === true && typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  if (out['properties'] && out['additionalProperties'] === undefined && input['x-kubernetes-preserve-unknown-fields'] !== true)
    out['additionalProperties'] = false;
  return out;
}

const compiled = new WeakMap<object, ValidateFunction>();
let ajv: Ajv | undefined;

export function crdFor(workspace: WorkspaceIndex, apiVersion: string, kind: string): KubeObject | undefined {
  const [group, version] = apiVersion.split('/');
  return workspace
    .ofKind('CustomResourceDefinition')
    .find(
      (crd) =>
        crd.defines?.group === group && crd.defines.kind === kind && version !== undefined && version in crd.defines.versions,
    );
}

export function crdValidator(crd: KubeObject, version: string): ValidateFunction | undefined {
  const schema = crd.defines?.versions[version];
  if (!schema || typeof schema !== 'object') return undefined;
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= new Ajv({
      allErrors: true,
      strict: false,
      verbose: true,
      allowUnionTypes: true,
      validateSchema: false,
      validateFormats: false,
    });
    const body = structural(schema) as Record<string, unknown>;
    const properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...((body['properties'] as object | undefined) ?? {}),
    };
    validate = ajv.compile({ ...body, type: 'object', properties });
    compiled.set(schema, validate);
  }
  return validate;
}
