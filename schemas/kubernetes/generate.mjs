// Builds the Kubernetes schema bundle the language server ships, from a Kubernetes OpenAPI v2 document
// (api/openapi-spec/swagger.json of a release):
//   node schemas/kubernetes/generate.mjs SWAGGER.json 1.34   →  schemas/kubernetes/v1.34.json.gz
// The bundle: { version, kinds: { "apps/v1/Deployment": "<definition>" }, definitions: { … } }, the definitions made
// strict by transform.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
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

const bundle = { version, source: swagger.info?.version ?? 'unknown', kinds, definitions };
const out = new URL(`./v${version}.json.gz`, import.meta.url).pathname;
const data = gzipSync(JSON.stringify(bundle), { level: 9 });
writeFileSync(out, data);
console.log(`${out}: ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${data.length} bytes`);
