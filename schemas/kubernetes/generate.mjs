// Builds the Kubernetes schema bundle the language server ships, from a Kubernetes OpenAPI v2 document
// (api/openapi-spec/swagger.json of a release):
//   node schemas/kubernetes/generate.mjs SWAGGER.json 1.34   →  schemas/kubernetes/v1.34.json.gz
// The bundle: { version, kinds: { "apps/v1/Deployment": "<definition>" }, definitions: { … } }, the definitions made
// strict by transform.mjs, with the release's enumerated values (enums.json, made by enums.mjs) laid into them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { strictDefinition } from './transform.mjs';

const [swaggerPath, version] = process.argv.slice(2);
if (!swaggerPath || !/^\d+\.\d+$/.test(version ?? '')) {
  console.error('usage: node schemas/kubernetes/generate.mjs SWAGGER.json MAJOR.MINOR');
  process.exit(2);
}
const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8'));

const definitions = {};
const kinds = {};
for (const [name, schema] of Object.entries(swagger.definitions)) {
  definitions[name] = strictDefinition(name, schema);
  for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    // Only the definition whose name ends in the kind is the object itself (not e.g. a DeleteOptions alias).
    if (name.endsWith(`.${gvk.kind}`) && !name.startsWith('io.k8s.apimachinery.pkg.apis.meta.v1.'))
      kinds[`${apiVersion}/${gvk.kind}`] = name;
  }
}

/** The schema of a property that takes the values: the property itself, or the items of a list or a map of them. */
function valueSchema(property) {
  if (property?.type === 'string') return property;
  if (property?.type === 'array' && property.items?.type === 'string') return property.items;
  if (property?.type === 'object' && property.additionalProperties?.type === 'string') return property.additionalProperties;
  return undefined;
}

// Fields Kubernetes marks `+enum` get their values; a field enums.json does not list for this release stays open.
const enumsFile = new URL('./enums.json', import.meta.url).pathname;
const enums = existsSync(enumsFile) ? JSON.parse(readFileSync(enumsFile, 'utf8')) : { fields: {} };
let laid = 0;
const absent = [];
for (const [definition, properties] of Object.entries(enums.fields)) {
  for (const [property, { go, releases }] of Object.entries(properties)) {
    const values = Object.entries(releases).find(([list]) => list.split(' ').includes(version))?.[1];
    if (!values) continue;
    const target = valueSchema(definitions[definition]?.properties?.[property]);
    if (target) {
      // A plain string field (not a pointer, a list or a map) decodes "" as unset, which the server then defaults
      // or leaves unset: `imagePullPolicy: ""` is accepted, so the empty string stays allowed there.
      target.enum = /^\w+(\.\w+)?$/.test(go) && !values.includes('') ? [...values, ''] : values;
      laid++;
    } else absent.push(`${definition}.${property}`);
  }
}
if (!enums.source?.releases?.[version]) console.warn(`enums.json has no values for ${version}: run enums.mjs with its tag`);
// Fields of types this document does not define (a Go alias of another version's struct, a version not served) have
// nothing to be laid on; `enums.mjs --compare` checks what was laid against a document that has the values.
if (absent.length > 0 && process.env.VERBOSE) console.warn(`not in this document: ${absent.join(', ')}`);

const bundle = { version, source: swagger.info?.version ?? 'unknown', kinds, definitions };
const out = new URL(`./v${version}.json.gz`, import.meta.url).pathname;
const data = gzipSync(JSON.stringify(bundle), { level: 9 });
writeFileSync(out, data);
console.log(
  `${out}: ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${laid} enumerated fields (${absent.length} of enums.json not defined here), ${data.length} bytes`,
);
