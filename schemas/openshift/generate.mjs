// Builds the OpenShift schema bundle the language server ships, from OpenShift's published OpenAPI v2 document
// (openapi/openapi.json of openshift/api; PROVENANCE.md gives the commit):
//   node schemas/openshift/generate.mjs OPENAPI.json           →  schemas/openshift/openshift.json.gz
//   node schemas/openshift/generate.mjs OPENAPI.json --check   exits 1 when the shipped bundle is not what it makes
// The bundle has the Kubernetes bundles' shape, { version, source, kinds, definitions }, and the language server lays
// it over each of them (server/src/service/kubernetes/openshift.ts): the object kinds of the API groups below, and
// the definitions they reach (the Kubernetes types among them included, so the file stands alone), made strict by
// ../kubernetes/transform.mjs.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { strictDefinition } from '../kubernetes/transform.mjs';

const args = process.argv.slice(2);
const check = args.includes('--check');
const [openapiPath] = args.filter((a) => a !== '--check');
if (!openapiPath) {
  console.error('usage: node schemas/openshift/generate.mjs OPENAPI.json [--check]');
  process.exit(2);
}
const text = readFileSync(openapiPath);
const openapi = JSON.parse(text.toString('utf8'));

// The API groups whose objects users write: route.openshift.io, apps.openshift.io, …
const GROUPS = ['route', 'apps', 'image', 'build', 'template', 'project', 'security', 'user'];
// The document names no group, version or kind: `com.github.openshift.api.<group>.<version>.<Kind>` is the kind
// <Kind> of <group>.openshift.io/<version>. An object kind is one with apiVersion, kind and metadata (lists excluded).
const NAME = /^com\.github\.openshift\.api\.([a-z]+)\.(v[0-9a-z]+)\.([A-Z]\w*)$/;

// `required` entries the document lists only because the Go field has no `omitempty`, though the API server accepts
// the object without them (they are defaulted, set by the server, or nullable: manifests write `users: null`, and
// the validator reads a null field as an absent one). Keeping them would report files `oc apply` takes.
const NOT_REQUIRED = {
  'com.github.openshift.api.security.v1.SecurityContextConstraints': 'all',
  'com.github.openshift.api.user.v1.Group': ['users'],
  'com.github.openshift.api.user.v1.User': ['groups'],
  'com.github.openshift.api.image.v1.ImageStreamTag': ['generation', 'lookupPolicy', 'image'],
  'com.github.openshift.api.image.v1.ImageTag': ['status', 'image'],
  'com.github.openshift.api.image.v1.ImageStreamImport': ['status'],
  // A backend's kind defaults to Service.
  'com.github.openshift.api.route.v1.RouteTargetReference': ['kind'],
};

function relaxed(name, schema) {
  const drop = NOT_REQUIRED[name];
  if (!drop || !schema.required) return schema;
  const required = drop === 'all' ? [] : schema.required.filter((r) => !drop.includes(r));
  const out = { ...schema };
  if (required.length > 0) out.required = required;
  else delete out.required;
  return out;
}

const kinds = {};
for (const [name, schema] of Object.entries(openapi.definitions)) {
  const m = NAME.exec(name);
  const props = schema.properties ?? {};
  if (!m || !GROUPS.includes(m[1]) || m[3].endsWith('List')) continue;
  if (props.apiVersion && props.kind && props.metadata) kinds[`${m[1]}.openshift.io/${m[2]}/${m[3]}`] = name;
}

/** Every definition a kind reaches through $ref, the kinds first. */
function reachable(roots) {
  const seen = new Set();
  const queue = [...roots];
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') queue.push(value.replace('#/definitions/', ''));
        else walk(value);
      }
  };
  while (queue.length > 0) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    if (!openapi.definitions[name]) throw new Error(`${name} is referred to but not defined`);
    seen.add(name);
    walk(openapi.definitions[name]);
  }
  return [...seen].sort();
}

const definitions = Object.fromEntries(
  reachable(Object.values(kinds)).map((name) => [name, strictDefinition(name, relaxed(name, openapi.definitions[name]))]),
);
const source = `openshift/api openapi.json sha256:${createHash('sha256').update(text).digest('hex')}`;
const bundle = { version: 'openshift', source, kinds, definitions };
const out = new URL('./openshift.json.gz', import.meta.url).pathname;
const data = gzipSync(JSON.stringify(bundle), { level: 9 });
if (check) {
  const same = readFileSync(out).equals(data);
  console.log(`${out}: ${same ? 'up to date' : 'differs from what the document makes; run without --check'}`);
  process.exit(same ? 0 : 1);
}
writeFileSync(out, data);
console.log(`${out}: ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${data.length} bytes`);
