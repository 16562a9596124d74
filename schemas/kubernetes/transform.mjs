// The changes that make an OpenAPI v2 document's definitions the strict schemas the language server validates
// with. Shared by the Kubernetes generator (generate.mjs here) and the OpenShift one (../openshift/generate.mjs).
//   - strict objects: additionalProperties false wherever properties are listed (as kubectl's strict field
//     validation), unless the API preserves unknown fields;
//   - IntOrString as integer or string, Quantity as number or a quantity string (the forms the API accepts);
//   - descriptions kept (hover shows them); vendor extensions dropped.

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
// The grammar of resource.Quantity: a signed number with an optional binary, decimal or exponent suffix.
const QUANTITY_PATTERN = '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$';

function transform(schema) {
  if (Array.isArray(schema)) return schema.map(transform);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-')) continue;
    out[key] =
      key === 'properties' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, transform(v)])) : transform(value);
  }
  if (out.properties && out.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** One definition of the document as the bundle holds it. */
export function strictDefinition(name, schema) {
  if (name === INT_OR_STRING) return { description: schema.description, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  if (name === QUANTITY)
    return {
      description: schema.description,
      anyOf: [{ type: 'number' }, { type: 'string', pattern: QUANTITY_PATTERN }],
    };
  return transform(schema);
}
