import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createKubernetesSchemaSource, withoutProse } from '../../server/src/kubernetesSchemas';
import type { KubernetesSchemaBundle } from '../../server/src/service';
import { findValidatorFolder } from '../../server/src/validatorFiles';

// The bundles as the server reads them at run time (their kinds at once, each definition when first read, from the
// index schemas/compile.mjs writes) must be the bundles read whole, with and without their descriptions.
const schemas = join(__dirname, '..', '..', '..', 'schemas');
const releases = readdirSync(join(schemas, 'kubernetes')).filter((f) => /^v1\.\d+\.json\.gz$/.test(f));
const versionOf = (file: string): string => file.replace(/^v|\.json\.gz$/g, '');
const bundleFiles = [...releases.map((f) => join(schemas, 'kubernetes', f)), join(schemas, 'openshift', 'openshift.json.gz')];
const dropProse = (key: string, value: unknown): unknown =>
  key === 'description' && typeof value === 'string' ? undefined : value;

/** A copy of the bundles with no generated validators beside them: the source then reads each bundle whole. */
function wholeBundlesFolder(): string {
  const copy = mkdtempSync(join(tmpdir(), 'stevedore-bundles-'));
  cpSync(join(schemas, 'kubernetes'), join(copy, 'kubernetes'), { recursive: true });
  cpSync(join(schemas, 'openshift'), join(copy, 'openshift'), { recursive: true });
  return join(copy, 'kubernetes');
}

const plain = (bundle: KubernetesSchemaBundle | undefined): unknown => {
  if (!bundle) return undefined;
  const { precompiled: _precompiled, definitions, ...rest } = bundle;
  return { ...rest, definitions: Object.fromEntries(Object.keys(definitions).map((name) => [name, definitions[name]])) };
};

describe('Kubernetes schema bundles read on demand', () => {
  it('drop the descriptions from the text as a reviver would from the parse', () => {
    for (const file of bundleFiles) {
      const text = gunzipSync(readFileSync(file)).toString('utf8');
      assert.deepEqual(JSON.parse(withoutProse(text)), JSON.parse(text, dropProse), file);
    }
    const pretty = JSON.stringify(
      { description: 'a "quoted", \\ one', properties: { description: { type: 'string' } } },
      null,
      2,
    );
    assert.deepEqual(JSON.parse(withoutProse(pretty)), { properties: { description: { type: 'string' } } });
    assert.deepEqual(JSON.parse(withoutProse('{"a":"x\\",\\"description\\":\\"y","description":"z"}')), {
      a: 'x","description":"y',
    });
  });

  it('come from the index the build wrote', () => {
    const folder = findValidatorFolder(__dirname) ?? '';
    for (const file of releases)
      assert.ok(existsSync(join(folder, `kubernetes-${file.replace(/\.json\.gz$/, '')}.index.json`)), file);
  });

  for (const descriptions of [false, true]) {
    it(`are the bundles read whole, ${descriptions ? 'with' : 'without'} their descriptions`, () => {
      const onDemand = createKubernetesSchemaSource({ descriptions });
      const whole = createKubernetesSchemaSource({ descriptions, folder: wholeBundlesFolder() });
      for (const file of releases) {
        const version = versionOf(file);
        const read = onDemand(version);
        assert.equal(typeof read?.precompiled?.('io.k8s.api.apps.v1.Deployment'), 'function');
        assert.ok(read && 'io.k8s.api.apps.v1.Deployment' in read.definitions);
        assert.equal(read.definitions['no.such.Definition'], undefined);
        assert.deepEqual(plain(read), plain(whole(version)), version);
      }
    });
  }
});
