import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths';

// The benchmark gives yaml-language-server a Kubernetes schema built from the bundle the server ships.
interface BenchSchemaModule {
  kubernetesSchemaFile: (root: string, version: string, cacheDir?: string) => string;
}
interface Schema {
  oneOf: { $ref: string }[];
  definitions: Record<string, unknown>;
}

describe('bench/kubernetesSchema.mjs', () => {
  it('writes one schema whose oneOf names every kind of the bundle, with every $ref resolving', async () => {
    const { kubernetesSchemaFile } = (await import(
      pathToFileURL(join(repoRoot, 'bench', 'kubernetesSchema.mjs')).href
    )) as BenchSchemaModule;
    const dir = mkdtempSync(join(tmpdir(), 'stevedore-bench-schema-'));
    try {
      const text = readFileSync(kubernetesSchemaFile(repoRoot, '1.34', dir), 'utf8');
      const schema = JSON.parse(text) as Schema;
      const refs = [...text.matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)].map((m) => m[1] ?? '');
      assert.deepEqual(
        refs.filter((name) => !(name in schema.definitions)),
        [],
      );
      const kinds = schema.oneOf.map((s) => s.$ref);
      assert.ok(kinds.includes('#/definitions/io.k8s.api.apps.v1.Deployment'));
      assert.ok(kinds.includes('#/definitions/io.k8s.api.core.v1.ConfigMap'));
      assert.ok(kinds.length > 150, `${kinds.length} kinds`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
