// The Kubernetes schema yaml-language-server gets in the benchmark, built from the bundle the server itself ships
// (schemas/kubernetes/v<version>.json.gz): one JSON schema whose oneOf is every kind of that release, over the
// bundle's definitions (strict objects, int-or-string, quantities, as the server judges them). Written into
// bench/.cache/ on first use and rebuilt when the bundle is newer.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The schema for a parsed bundle: `{ kinds: { "apps/v1/Deployment": "<definition>" }, definitions }`. */
export function kubernetesSchema(bundle) {
  const names = [...new Set(Object.values(bundle.kinds))].sort();
  return { oneOf: names.map((name) => ({ $ref: `#/definitions/${name}` })), definitions: bundle.definitions };
}

/** The path of the schema file for a release (e.g. "1.34"), written under cacheDir when missing or stale. */
export function kubernetesSchemaFile(root, version, cacheDir = join(root, 'bench', '.cache')) {
  const bundlePath = join(root, 'schemas', 'kubernetes', `v${version}.json.gz`);
  const target = join(cacheDir, `kubernetes-v${version}.schema.json`);
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(bundlePath).mtimeMs) return target;
  const bundle = JSON.parse(gunzipSync(readFileSync(bundlePath)).toString('utf8'));
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(target, JSON.stringify(kubernetesSchema(bundle)));
  return target;
}
