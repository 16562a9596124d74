import { ITEM } from './cursor';

type Schema = Record<string, unknown>;

const asSchema = (value: unknown): Schema | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : undefined;

/** Follows `$ref`s (`#/definitions/x`) and flattens `oneOf`/`anyOf`/`allOf`: every shape a value may take. */
export function alternatives(root: Schema, schema: Schema | undefined, depth = 0): Schema[] {
  if (!schema || depth > 20) return [];
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = ref.replace(/^.*#\/definitions\//, '');
    return alternatives(root, asSchema(asSchema(root['definitions'])?.[name]), depth + 1);
  }
  const nested = ['oneOf', 'anyOf', 'allOf'].flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as unknown[]) : []));
  return [schema, ...nested.flatMap((s) => alternatives(root, asSchema(s), depth + 1))];
}

/** The schemas that may describe the value at `path`. */
export function schemasAt(root: Schema, path: readonly (string | number)[]): Schema[] {
  let current = alternatives(root, root);
  for (const step of path) {
    current = current.flatMap((schema) => {
      if (step === ITEM || typeof step === 'number') return alternatives(root, asSchema(schema['items']));
      const property = asSchema(asSchema(schema['properties'])?.[step]);
      if (property) return alternatives(root, property);
      for (const [pattern, sub] of Object.entries(asSchema(schema['patternProperties']) ?? {})) {
        if (new RegExp(pattern).test(step)) return alternatives(root, asSchema(sub));
      }
      return alternatives(root, asSchema(schema['additionalProperties']));
    });
  }
  return current;
}

export interface PropertyInfo {
  readonly name: string;
  readonly description?: string;
  readonly type?: string;
}

/** The keys the schemas at a place allow, with what they say about each. */
export function propertiesOf(root: Schema, schemas: readonly Schema[]): PropertyInfo[] {
  const seen = new Map<string, PropertyInfo>();
  for (const schema of schemas) {
    for (const [name, value] of Object.entries(asSchema(schema['properties']) ?? {})) {
      if (seen.has(name)) continue;
      const shapes = alternatives(root, asSchema(value));
      const description = shapes.map((s) => s['description']).find((d): d is string => typeof d === 'string');
      const types = [...new Set(shapes.flatMap((s) => [s['type']].flat()).filter((t): t is string => typeof t === 'string'))];
      seen.set(name, { name, ...(description ? { description } : {}), ...(types.length > 0 ? { type: types.join(' | ') } : {}) });
    }
  }
  return [...seen.values()];
}

/**
 * The values a place allows by enumeration or `const` (and `true`/`false` for booleans). An empty string in an
 * enumeration (a Kubernetes field where "" means unset) is no value to offer.
 */
export function enumValuesOf(schemas: readonly Schema[]): string[] {
  const values = new Set<string>();
  for (const schema of schemas) {
    for (const value of Array.isArray(schema['enum']) ? (schema['enum'] as unknown[]) : [])
      if (value !== '') values.add(String(value));
    if (typeof schema['const'] === 'string') values.add(schema['const']);
    if ([schema['type']].flat().includes('boolean')) ['true', 'false'].forEach((v) => values.add(v));
  }
  return [...values];
}
