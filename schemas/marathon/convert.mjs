// Generates marathon.schema.json (AppDefinition, PodDefinition, GroupDefinition) from Marathon's RAML data types in
// types/ (see PROVENANCE.md). Run `node schemas/marathon/convert.mjs` after replacing types/ (`--check`: only say
// whether the committed file is what it would write); it needs the dev
// dependency ramldt2jsonschema, which does the RAML → JSON Schema work. What this script adds, and why:
//   - RAML discriminated unions (`discriminator` on a base type, `discriminatorValue` on its subtypes) come out of
//     ramldt2jsonschema as the base type alone, so a pod's `scaling` would lose `instances`: each such base is
//     replaced by its subtypes (found by reading the RAML), converted on their own.
//   - RAML objects are open by default; the schema is made strict (an object that lists its properties allows no
//     others), as the Compose and Kubernetes schemas are, so a misspelt key is reported.
//   - `scaling.maxInstances` of a pod is added: Marathon's pod documentation (docs/docs/pods.md) lists it and its pod
//     example uses it, the RAML leaves it out, and the server reads the pod without it (unknown fields are ignored).
//   - The converter's `x-…` annotations and `example`s are dropped; a group's `apps` point at AppDefinition and its
//     `groups` at GroupDefinition instead of repeating them.
// Marathon's API takes GroupUpdate as a group definition (POST/PUT /v2/groups), so GroupDefinition is GroupUpdate.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { parse } from 'yaml';

const here = new URL('.', import.meta.url).pathname;
const types = join(here, 'types');
const require = createRequire(import.meta.url);
const { dt2js } = require('ramldt2jsonschema');

const ENTRIES = [
  { name: 'AppDefinition', file: 'app.raml', type: 'App' },
  { name: 'PodDefinition', file: 'pod.raml', type: 'Pod' },
  { name: 'GroupDefinition', file: 'group.raml', type: 'GroupUpdate' },
];

async function convert(file, type) {
  const path = join(types, file);
  const schema = await dt2js(readFileSync(path, 'utf8'), type, { basePath: path, draft: '07' });
  const definition = schema.definitions?.[type];
  if (!definition) throw new Error(`${file}: no definition ${type} in the converter's output`);
  return { definition, definitions: schema.definitions };
}

/** Every RAML type with a discriminator, with its subtypes (same library: `type: Base`). */
function discriminatedBases() {
  const bases = [];
  for (const file of readdirSync(types).filter((f) => f.endsWith('.raml'))) {
    const declared = parse(readFileSync(join(types, file), 'utf8'))?.types ?? {};
    for (const [name, decl] of Object.entries(declared)) {
      if (!decl || typeof decl !== 'object' || !decl.discriminator) continue;
      const subtypes = Object.entries(declared)
        .filter(([, d]) => d && typeof d === 'object' && d.type === name && d.discriminatorValue !== undefined)
        .map(([sub]) => sub);
      if (subtypes.length === 0) throw new Error(`${file}: ${name} has a discriminator but no subtypes`);
      bases.push({ file, name, description: decl.description, discriminator: decl.discriminator, subtypes });
    }
  }
  return bases;
}

/** Applies `visit` to every schema object, bottom-up, replacing each with what it returns. */
function transform(node, visit) {
  if (Array.isArray(node)) return node.map((n) => transform(n, visit));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = transform(value, visit);
  return visit(out);
}

const bases = discriminatedBases();
const replacements = [];
for (const base of bases) {
  const subtypes = [];
  for (const sub of base.subtypes) {
    const { definition } = await convert(base.file, sub);
    const rest = { ...definition };
    delete rest.discriminator;
    delete rest.discriminatorValue;
    subtypes.push(rest);
  }
  replacements.push({ base, schema: subtypes.length === 1 ? subtypes[0] : { anyOf: subtypes } });
}

const used = new Set();
const clean = (schema) =>
  transform(schema, (node) => {
    const replacement = replacements.find(
      ({ base }) => node.discriminator === base.discriminator && node.description === base.description,
    );
    if (replacement) {
      used.add(replacement.base.name);
      return clean(replacement.schema);
    }
    const out = Object.fromEntries(
      Object.entries(node).filter(([k]) => !k.startsWith('x-') && k !== 'example' && k !== 'examples'),
    );
    const listsProperties = Object.keys(out.properties ?? {}).length > 0 || Object.keys(out.patternProperties ?? {}).length > 0;
    if (out.type === 'object' && out.additionalProperties === true && listsProperties) out.additionalProperties = false;
    return out;
  });

const converted = {};
for (const entry of ENTRIES) converted[entry.name] = (await convert(entry.file, entry.type)).definition;
const definitions = Object.fromEntries(ENTRIES.map((e) => [e.name, clean(converted[e.name])]));
for (const base of bases)
  if (!used.has(base.name)) throw new Error(`${base.name}: its discriminated union was not found in the output`);

const scaling = definitions.PodDefinition.properties.scaling;
if (!scaling?.properties?.instances || scaling.properties.maxInstances)
  throw new Error('PodDefinition.scaling changed: review the maxInstances supplement');
scaling.properties.maxInstances = {
  type: ['integer', 'null'],
  minimum: 0,
  description: "The maximum number of instances of this pod (listed in Marathon's pod documentation; not in its RAML types).",
};

// A group's apps are AppDefinitions and its groups GroupDefinitions: point at them rather than repeat them.
const app = definitions.AppDefinition;
definitions.GroupDefinition = transform(definitions.GroupDefinition, (node) => {
  if (isDeepStrictEqual(node, app)) return { $ref: '#/definitions/AppDefinition' };
  if (node.$ref === '#/definitions/GroupUpdate') return { $ref: '#/definitions/GroupDefinition' };
  return node;
});
const leftover = JSON.stringify(definitions).match(/"\$ref":"(?!#\/definitions\/(AppDefinition|GroupDefinition)")[^"]*"/);
if (leftover) throw new Error(`unresolved reference in the output: ${leftover[0]}`);

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $comment:
    'Generated by schemas/marathon/convert.mjs from the RAML data types of mesosphere/marathon at 90619da70d79a2ecf19368a21c6a695ea981bd74 (Apache-2.0); do not edit.',
  definitions,
};
const output = `${JSON.stringify(schema, null, 2)}\n`;
const target = join(here, 'marathon.schema.json');
if (process.argv.includes('--check')) {
  // The unit tests run this: the committed schema is what the RAML gives.
  const same = readFileSync(target, 'utf8') === output;
  console.log(same ? 'marathon.schema.json is up to date' : 'marathon.schema.json differs from what convert.mjs makes');
  process.exit(same ? 0 : 1);
}
writeFileSync(target, output);
console.log(
  `wrote marathon.schema.json: ${ENTRIES.map((e) => e.name).join(', ')}; discriminated unions resolved: ${[...used].join(', ') || 'none'}`,
);
