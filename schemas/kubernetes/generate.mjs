// Builds the Kubernetes schema bundle the language server ships, from a Kubernetes OpenAPI v2 document
// (api/openapi-spec/swagger.json of a release):
//   node schemas/kubernetes/generate.mjs SWAGGER.json 1.34   →  schemas/kubernetes/v1.34.json.gz
// The bundle: { version, kinds: { "apps/v1/Deployment": "<definition>" }, definitions: { … } } with
//   - strict objects: additionalProperties false wherever properties are listed (as kubectl's strict field
//     validation), unless the API preserves unknown fields;
//   - IntOrString as integer or string, Quantity as number or a quantity string (the forms the API accepts);
//   - descriptions kept (hover shows them); vendor extensions dropped.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const [swaggerPath, version] = process.argv.slice(2);
if (!swaggerPath || !/^\d+\.\d+$/.test(version ?? '')) {
  console.error('usage: node schemas/kubernetes/generate.mjs SWAGGER.json MAJOR.MINOR');
  process.exit(2);
}
const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8'));

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
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

const definitions = {};
const kinds = {};
for (const [name, schema] of Object.entries(swagger.definitions)) {
  if (name === INT_OR_STRING) {
    definitions[name] = { description: schema.description, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  } else if (name === QUANTITY) {
    definitions[name] = {
      description: schema.description,
      anyOf: [{ type: 'number' }, { type: 'string', pattern: QUANTITY_PATTERN }],
    };
  } else {
    definitions[name] = transform(schema);
  }
  for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    // Only the definition whose name ends in the kind is the object itself (not e.g. a DeleteOptions alias).
    if (name.endsWith(`.${gvk.kind}`) && !name.startsWith('io.k8s.apimachinery.pkg.apis.meta.v1.'))
      kinds[`${apiVersion}/${gvk.kind}`] = name;
  }
}

const bundle = { version, source: swagger.info?.version ?? 'unknown', kinds, definitions };
const out = new URL(`./v${version}.json.gz`, import.meta.url).pathname;
const data = gzipSync(JSON.stringify(bundle), { level: 9 });
writeFileSync(out, data);
console.log(`${out}: ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${data.length} bytes`);
