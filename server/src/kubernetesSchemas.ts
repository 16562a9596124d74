import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ValidateFunction } from 'ajv';
import type { KubernetesSchemaBundle, KubernetesSchemaSource, ValidatorSource } from './service';
import { withOpenShift, type OpenShiftSchemaBundle } from './service/kubernetes/openshift';
import { createValidatorSource } from './validatorFiles';

/** schemas/kubernetes/ beside the shipped bundle (dist/ → ..) or the compiled tree (out/server/src → ../../..). */
function findSchemaFolder(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', 'kubernetes');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

const minor = (name: string): number => Number(/^v1\.(\d+)\.json\.gz$/.exec(name)?.[1] ?? NaN);

// Validation needs no prose: dropping the descriptions (70% of the bundle) keeps the server small; hover asks for
// them. A field that is itself called `description` has a schema (an object) as its value and stays.
function readBundle<T>(file: string, descriptions: boolean | undefined): T {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const dropProse = (key: string, value: unknown): unknown =>
    key === 'description' && typeof value === 'string' ? undefined : value;
  return (descriptions ? JSON.parse(text) : JSON.parse(text, dropProse)) as T;
}

/**
 * Reads the shipped Kubernetes schema bundles (schemas/kubernetes/v1.N.json.gz), each once, with OpenShift's kinds
 * (schemas/openshift/openshift.json.gz, read with the first of them) laid over each. A release without its own bundle
 * gets the nearest one shipped; the removed/deprecated API checks still use the release asked for.
 */
export function createKubernetesSchemaSource(
  options: { descriptions?: boolean; folder?: string; validators?: ValidatorSource } = {},
): KubernetesSchemaSource {
  const folder = options.folder ?? findSchemaFolder(__dirname);
  // The kinds' validators generated at build time (kubernetes-v1.N.js beside the bundles), one module per release.
  const validators = options.validators ?? createValidatorSource(folder ? join(folder, '..', 'validators') : undefined);
  const available = folder ? readdirSync(folder).filter((f) => !Number.isNaN(minor(f))) : [];
  const loaded = new Map<string, KubernetesSchemaBundle>();
  const openshiftFile = folder ? join(folder, '..', 'openshift', 'openshift.json.gz') : undefined;
  let openshift: OpenShiftSchemaBundle | undefined;
  return (version) => {
    const wanted = Number(/^v?1\.(\d+)/.exec(version)?.[1] ?? NaN);
    const file = [...available].sort((a, b) => Math.abs(minor(a) - wanted) - Math.abs(minor(b) - wanted))[0];
    if (!folder || !file) return undefined;
    let bundle = loaded.get(file);
    if (!bundle) {
      const parsed = readBundle<KubernetesSchemaBundle>(join(folder, file), options.descriptions);
      if (!openshift && openshiftFile && existsSync(openshiftFile))
        openshift = readBundle<OpenShiftSchemaBundle>(openshiftFile, options.descriptions);
      const module = `kubernetes-${file.replace(/\.json\.gz$/, '')}`;
      const precompiled = (definition: string): ValidateFunction | undefined => {
        const validate = (validators(module) as Record<string, unknown> | undefined)?.[definition];
        return typeof validate === 'function' ? (validate as ValidateFunction) : undefined;
      };
      bundle = { ...withOpenShift(parsed, openshift), precompiled };
      loaded.set(file, bundle);
    }
    return bundle;
  };
}
