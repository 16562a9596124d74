// Compiles the schema validators at build time, so that the language server and the CLI compile none when they start:
//   node schemas/compile.mjs            (esbuild.mjs runs it first; it does nothing when its inputs did not change)
// Writes schemas/validators/ (not in git): one self-contained CommonJS module per validator, ajv's standalone code
// bundled with its few runtime helpers:
//   compose.js                  the Compose spec, made strict (server/src/service/compose/strictSchema.ts)
//   stack-3.N.js                docker/cli's stack schemas, strict, with the stack formats (stackFormats.ts)
//   kubernetes-v1.N.js          one validator per kind of a Kubernetes bundle with OpenShift's kinds laid over it
//                               (server/src/service/kubernetes/openshift.ts), exported by definition name
//   *.v8cache                   V8's code cache of each of those modules, for the Node version that built them
//   kubernetes-v1.N.index.json  the same bundle with OpenShift's kinds, descriptions kept, for reading on demand
//   kubernetes-v1.N.definitions.json   (server/src/kubernetesSchemas.ts): the index holds the kinds and where each
//                               definition's text is in the definitions file, so a definition is parsed when read
// The options are the ones the server compiles with at run time (compose/schemas.ts, kubernetes/schemas.ts): a
// generated validator reports exactly the errors a compiled one would (test/unit/precompiled.test.ts checks it).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const out = join(here, 'validators');
const require = createRequire(join(root, 'package.json'));
const { default: Ajv, _ } = require('ajv');
const { default: AjvDraft04 } = require('ajv-draft-04');
const { default: standaloneCode } = require('ajv/dist/standalone');

const OPTIONS = { allErrors: true, strict: false, verbose: true, allowUnionTypes: true, validateSchema: false };
const K8S_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'date-time', 'date', 'int-or-string', 'binary', 'password'];
const sources = {
  strict: join(root, 'server/src/service/compose/strictSchema.ts'),
  formats: join(root, 'server/src/service/compose/stackFormats.ts'),
  ports: join(root, 'server/src/service/compose/ports.ts'),
  data: join(root, 'server/src/service/schemaData.ts'),
  openshift: join(root, 'server/src/service/kubernetes/openshift.ts'),
  files: join(root, 'server/src/validatorFiles.ts'),
};
const kubernetesBundles = readdirSync(join(here, 'kubernetes')).filter((f) => /^v1\.\d+\.json\.gz$/.test(f));
const openshiftBundle = join(here, 'openshift', 'openshift.json.gz');
const schemaFiles = readdirSync(here).filter((f) => f.endsWith('.json') && f !== 'tsconfig.json');

/** A hash of everything the output depends on: when it matches the last run's, there is nothing to do. */
function inputsHash() {
  const hash = createHash('sha256');
  const files = [
    new URL(import.meta.url).pathname,
    ...Object.values(sources),
    ...schemaFiles.map((f) => join(here, f)),
    ...kubernetesBundles.map((f) => join(here, 'kubernetes', f)),
    ...(existsSync(openshiftBundle) ? [openshiftBundle] : []),
    require.resolve('ajv/package.json'),
  ];
  // The code caches are V8's, of this Node version.
  hash.update(process.version);
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

/** Bundles generated code (CommonJS requiring ajv's runtime and our formats) into one file with no imports left. */
async function writeModule(name, code) {
  await esbuild.build({
    stdin: { contents: code, resolveDir: root, sourcefile: `${name}.js`, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    logLevel: 'warning',
    outfile: join(out, `${name}.js`),
  });
}

/** What the validators are made from, as the server reads it: the Compose spec and stack schemas made strict by the
 * server's own code, and its OpenShift merge. */
async function serverInputs() {
  const entry = join(mkdtempSync(join(tmpdir(), 'stevedore-compile-')), 'inputs.cjs');
  await esbuild.build({
    stdin: {
      contents: `export { strictSchema } from ${JSON.stringify(sources.strict)};
        export { composeSpec, STACK_SCHEMAS } from ${JSON.stringify(sources.data)};
        export { withOpenShift } from ${JSON.stringify(sources.openshift)};
        export { codeCacheFile, loadValidatorModule } from ${JSON.stringify(sources.files)};`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
    outfile: entry,
  });
  return createRequire(entry)(entry);
}

const withoutDraft = (schema) => {
  const rest = { ...schema };
  delete rest.$schema;
  return rest;
};

// A Compose file's validation, valid and not, for the code cache: the functions that run here are cached compiled.
const COMPOSE_SAMPLES = [
  {},
  { services: { web: { image: 'nginx', ports: ['80:80'], environment: { A: '1' }, depends_on: ['db'], restart: 'no' } } },
  { services: { web: { imagee: 'x', restart: 'sometimes', cpu_shares: 'lots', privileged: 'maybe' } }, networks: { n: {} } },
];

/**
 * A validator module's V8 code cache (server/src/validatorFiles.ts loads it), made after validating `samples`: the
 * server then neither compiles the module nor the functions the samples ran, on the same Node version as the build's.
 */
function writeCodeCache(name, run, { loadValidatorModule, codeCacheFile }) {
  const file = join(out, `${name}.js`);
  const { exports, script } = loadValidatorModule(file);
  run(exports);
  writeFileSync(codeCacheFile(file), script.createCachedData());
}

const validateEach = (samples) => (validate) => samples.forEach((sample) => validate(sample));

async function compileCompose({ strictSchema, composeSpec, STACK_SCHEMAS, ...inputs }) {
  const compose = new Ajv({ ...OPTIONS, code: { source: true } });
  await writeModule('compose', standaloneCode(compose, compose.compile(withoutDraft(strictSchema(composeSpec)))));
  writeCodeCache('compose', validateEach(COMPOSE_SAMPLES), inputs);
  for (const [version, schema] of Object.entries(STACK_SCHEMAS)) {
    const formats = _`require(${sources.formats}).STACK_FORMATS`;
    const ajv = new AjvDraft04({ ...OPTIONS, code: { source: true, formats } });
    // The generated code calls the functions from stackFormats.ts; the ones given here only let ajv compile.
    for (const format of ['ports', 'expose', 'duration']) ajv.addFormat(format, () => true);
    await writeModule(`stack-${version}`, standaloneCode(ajv, ajv.compile(withoutDraft(strictSchema(schema)))));
    writeCodeCache(`stack-${version}`, validateEach(COMPOSE_SAMPLES), inputs);
  }
}

const dropProse = (key, value) => (key === 'description' && typeof value === 'string' ? undefined : value);
const readBundleText = (path) => gunzipSync(readFileSync(path)).toString('utf8');
const readBundle = (path) => JSON.parse(readBundleText(path), dropProse);

/**
 * A bundle as the server reads it on demand: `<name>.definitions.json` is its definitions object as JSON, in ASCII
 * (other characters escaped), and `<name>.index.json` the rest of the bundle with, for each definition, the byte
 * offsets where its value's text starts and ends there, so that the server reads that range alone.
 */
function writeBundleIndex(name, { definitions, ...rest }) {
  const ascii = (value) =>
    JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const parts = ['{'];
  const spans = {};
  let length = 1;
  for (const [key, value] of Object.entries(definitions)) {
    const head = `${length > 1 ? ',' : ''}${ascii(key)}:`;
    const text = ascii(value);
    spans[key] = [length + head.length, length + head.length + text.length];
    parts.push(head, text);
    length += head.length + text.length;
  }
  parts.push('}');
  writeFileSync(join(out, `${name}.definitions.json`), parts.join(''), 'latin1');
  writeFileSync(join(out, `${name}.index.json`), JSON.stringify({ ...rest, definitions: spans }));
}

// The most common kinds, valid and not, for the Kubernetes modules' code caches (by their definition's name).
const container = { name: 'app', image: 'nginx:1', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] };
const podSpec = { containers: [container] };
const template = { metadata: { labels: { app: 'a' } }, spec: podSpec };
const KUBERNETES_SAMPLES = {
  'io.k8s.api.apps.v1.Deployment': [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'a' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'a' } }, template },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'a' },
      spec: { replicas: 'two', template: { spec: { containers: [{ ...container, imagePullPolicyy: 'Always' }] } } },
    },
  ],
  'io.k8s.api.apps.v1.StatefulSet': [
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'a' }, spec: { serviceName: 'a', selector: {}, template } },
  ],
  'io.k8s.api.batch.v1.Job': [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'a' }, spec: { template } }],
  'io.k8s.api.core.v1.Service': [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'a' },
      spec: { selector: { app: 'a' }, ports: [{ port: 80, targetPort: 8080 }] },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: { ports: [{ port: 'eighty', portt: 1 }] } },
  ],
  'io.k8s.api.core.v1.ConfigMap': [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { a: 'b' } }],
};
const validateKinds = (validators) => {
  for (const [definition, samples] of Object.entries(KUBERNETES_SAMPLES))
    if (typeof validators[definition] === 'function') samples.forEach((sample) => validators[definition](sample));
};

/** One module per Kubernetes release: every kind's validator, sharing the code of the definitions they share. */
async function compileKubernetes(file, { withOpenShift, ...inputs }) {
  const openshift = existsSync(openshiftBundle) ? readBundle(openshiftBundle) : undefined;
  const bundle = withOpenShift(readBundle(join(here, 'kubernetes', file)), openshift);
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
  for (const format of K8S_FORMATS) ajv.addFormat(format, true);
  ajv.addSchema({ $id: 'k8s', definitions: bundle.definitions });
  const exports = Object.fromEntries([...new Set(Object.values(bundle.kinds))].map((d) => [d, `k8s#/definitions/${d}`]));
  const name = `kubernetes-${file.replace(/\.json\.gz$/, '')}`;
  await writeModule(name, standaloneCode(ajv, exports));
  writeCodeCache(name, validateKinds, inputs);
  const documented = (path) => (existsSync(path) ? JSON.parse(readBundleText(path)) : undefined);
  writeBundleIndex(name, withOpenShift(documented(join(here, 'kubernetes', file)), documented(openshiftBundle)));
}

export async function compileValidators() {
  const stampFile = join(out, 'inputs.sha256');
  const stamp = inputsHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return false;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  const inputs = await serverInputs();
  await compileCompose(inputs);
  for (const file of kubernetesBundles) await compileKubernetes(file, inputs);
  writeFileSync(stampFile, stamp);
  console.error(`schemas/compile.mjs: validators generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) await compileValidators();
