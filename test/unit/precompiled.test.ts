import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { compileComposeValidator, compileStackValidator, STACK_VERSIONS } from '../../server/src/service/compose/schemas';
import { compileKindValidator } from '../../server/src/service/kubernetes/schemas';
import { codeCacheFile, createValidatorSource, findValidatorFolder, loadValidatorModule } from '../../server/src/validatorFiles';
import { corpusFiles } from '../support/corpus';

// The validators schemas/compile.mjs generates at build time must report exactly what the ones compiled at run time
// report, on the corpus and on values made wrong on purpose.
const folder = findValidatorFolder(__dirname);
const source = createValidatorSource(folder);

const valuesOf = (paths: string[]): unknown[] =>
  paths.flatMap((path) =>
    parseAllDocuments(readFileSync(path, 'utf8')).flatMap((d): unknown[] => ('toJS' in d ? [d.toJS() as unknown] : [])),
  );

// Mistakes of each kind the schemas catch: unknown keys, wrong types, castable strings, enumerations, formats.
const broken: unknown[] = [
  { services: { web: { imagee: 'x', restart: 'sometimes', cpu_shares: 'lots', privileged: 'maybe', ports: ['99999'] } } },
  { services: { web: { image: 1, mem_limit: '1.5q', healthcheck: { interval: '1 minute' }, deploy: { replicas: 'two' } } } },
  { version: '3.8', services: { web: { image: 'x', ports: ['a:b'], expose: ['80/tcpx'], build: 1 } }, networks: [] },
  { services: [], volumes: { data: { external: 'maybe' } } },
];

const sameErrors = (compiled: ValidateFunction, generated: ValidateFunction, value: unknown, what: string): void => {
  const expected = compiled(value) ? [] : compiled.errors;
  const actual = generated(value) ? [] : generated.errors;
  assert.deepEqual(actual, expected, what);
};

describe('validators generated at build time', () => {
  it('are there (schemas/compile.mjs ran: `node esbuild.mjs` runs it)', () => {
    assert.ok(folder, 'schemas/validators/ is missing: run node schemas/compile.mjs');
    assert.equal(typeof source('compose'), 'function');
  });

  it('load from their V8 code cache when V8 takes it, and as usual when it refuses it', () => {
    const file = join(folder ?? '', 'compose.js');
    const cache = codeCacheFile(file);
    assert.ok(existsSync(cache), `${cache} is missing`);
    const cached = loadValidatorModule(file, readFileSync(cache));
    // The test runs on the Node version that built the cache.
    assert.equal(cached.script.cachedDataRejected, false);
    const refused = loadValidatorModule(file, Buffer.from('not a code cache'));
    assert.equal(refused.script.cachedDataRejected, true);
    for (const [i, value] of broken.entries())
      sameErrors(refused.exports as ValidateFunction, cached.exports as ValidateFunction, value, `value ${i}`);
  });

  it('load the Kubernetes modules from their code cache too, with the same answers', () => {
    const file = join(folder ?? '', 'kubernetes-v1.34.js');
    const cache = codeCacheFile(file);
    assert.ok(existsSync(cache), `${cache} is missing`);
    const cached = loadValidatorModule(file, readFileSync(cache));
    assert.equal(cached.script.cachedDataRejected, false);
    const plain = loadValidatorModule(file);
    const deployment = 'io.k8s.api.apps.v1.Deployment';
    const [fromCache, compiled] = [cached, plain].map(
      (m) => (m.exports as Record<string, ValidateFunction | undefined>)[deployment],
    );
    assert.ok(fromCache && compiled, `${deployment} is exported`);
    const wrong = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 'two', selectorr: {} } };
    sameErrors(compiled, fromCache, wrong, 'a wrong Deployment');
    assert.ok((compiled.errors ?? []).length > 0);
  });

  it('report what the compiled Compose validator reports', () => {
    const generated = source('compose') as ValidateFunction;
    const compiled = compileComposeValidator();
    const values = [...valuesOf(corpusFiles('compose')), ...broken];
    for (const [i, value] of values.entries()) sameErrors(compiled, generated, value, `compose value ${i}`);
  });

  it('report what the compiled stack validators report, for every version', () => {
    const values = [...valuesOf(corpusFiles('stack')), ...broken];
    for (const version of STACK_VERSIONS) {
      const generated = source(`stack-${version}`) as ValidateFunction;
      assert.equal(typeof generated, 'function', `stack-${version}`);
      const compiled = compileStackValidator(version);
      for (const [i, value] of values.entries()) sameErrors(compiled, generated, value, `stack ${version} value ${i}`);
    }
  });

  it('report what the compiled Kubernetes validators report, kind by kind', () => {
    const bundle = createKubernetesSchemaSource()('1.34');
    assert.ok(bundle?.precompiled, 'the 1.34 bundle has generated validators');
    const objects = valuesOf(corpusFiles('kubernetes')).filter((v) => v && typeof v === 'object') as {
      apiVersion?: string;
      kind?: string;
      [key: string]: unknown;
    }[];
    objects.push(
      { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 'two', template: { spec: { containers: [{}] } } } },
      { apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 'http', targetPort: {} }], typo: 1 } },
    );
    let checked = 0;
    for (const object of objects) {
      const definition = bundle.kinds[`${object.apiVersion}/${object.kind}`];
      const generated = definition ? bundle.precompiled(definition) : undefined;
      if (!definition || !generated) continue;
      sameErrors(compileKindValidator(bundle, definition), generated, object, `${object.apiVersion}/${object.kind}`);
      checked++;
    }
    assert.ok(checked >= 10, `${checked} objects checked`);
  });
});
