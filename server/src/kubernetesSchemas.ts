import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
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
// them. A field that is itself called `description` has a schema (an object) as its value and stays. They are cut
// from the text before it is parsed: a reviver doing the same makes the parse about three times as slow. The pattern
// matches only a key: inside a JSON string every quote is escaped.
const PROSE = /,\s*"description"\s*:\s*"(?:[^"\\]|\\.)*"|"description"\s*:\s*"(?:[^"\\]|\\.)*"\s*,?/g;

/** A bundle's JSON text without its `description` strings (what `JSON.parse` with a reviver dropping them gives). */
export const withoutProse = (json: string): string => json.replace(PROSE, '');

function readBundle<T>(file: string, descriptions: boolean | undefined): T {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  return JSON.parse(descriptions ? text : withoutProse(text)) as T;
}

/** The bytes `start` to `end` of an ASCII file, as text. */
function readRange(file: string, start: number, end: number): string {
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(end - start);
    readSync(fd, bytes, 0, bytes.length, start);
    return bytes.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * A bundle's definitions, each parsed from its byte range of `file` when first read, and kept. A proxy: making a
 * thousand getters costs more than the few definitions a hover reads.
 */
function definitionsOnDemand(
  spans: Readonly<Record<string, readonly [number, number]>>,
  file: string,
  descriptions: boolean | undefined,
): Record<string, unknown> {
  const parsed = new Map<string, unknown>();
  const has = (name: string | symbol): name is string => typeof name === 'string' && Object.hasOwn(spans, name);
  const get = (name: string): unknown => {
    if (!parsed.has(name)) {
      const [start, end] = spans[name] ?? [0, 0];
      const slice = readRange(file, start, end);
      parsed.set(name, JSON.parse(descriptions ? slice : withoutProse(slice)));
    }
    return parsed.get(name);
  };
  return new Proxy<Record<string, unknown>>(
    {},
    {
      get: (_, name) => (has(name) ? get(name) : undefined),
      has: (_, name) => has(name),
      ownKeys: () => Object.keys(spans),
      getOwnPropertyDescriptor: (_, name) =>
        has(name) ? { value: get(name), enumerable: true, writable: false, configurable: true } : undefined,
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    },
  );
}

/**
 * A release's bundle, OpenShift's kinds included, from the index schemas/compile.mjs wrote beside the validators:
 * its kinds at once (validation needs no more), each definition when hover, completion or a compile first reads it.
 * Undefined when the build wrote none (the bundle is then read whole).
 */
function readBundleIndex(
  folder: string | undefined,
  module: string,
  descriptions: boolean | undefined,
): KubernetesSchemaBundle | undefined {
  const index = folder && join(folder, `${module}.index.json`);
  if (!folder || !index || !existsSync(index)) return undefined;
  const { definitions: spans, ...rest } = JSON.parse(readFileSync(index, 'utf8')) as KubernetesSchemaBundle & {
    definitions: Record<string, [number, number]>;
  };
  return { ...rest, definitions: definitionsOnDemand(spans, join(folder, `${module}.definitions.json`), descriptions) };
}

/**
 * Reads the shipped Kubernetes schema bundles (schemas/kubernetes/v1.N.json.gz), each once, with OpenShift's kinds
 * (schemas/openshift/openshift.json.gz, read with the first of them) laid over each. A release without its own bundle
 * gets the nearest one shipped; the removed/deprecated API checks still use the release asked for. Where the build
 * wrote a release's index (schemas/validators/), the bundle comes from it, its definitions parsed as they are read.
 */
export function createKubernetesSchemaSource(
  options: { descriptions?: boolean; folder?: string; validators?: ValidatorSource } = {},
): KubernetesSchemaSource {
  const folder = options.folder ?? findSchemaFolder(__dirname);
  const generated = folder ? join(folder, '..', 'validators') : undefined;
  // The kinds' validators generated at build time (kubernetes-v1.N.js beside the bundles), one module per release.
  const validators = options.validators ?? createValidatorSource(generated);
  const available = folder ? readdirSync(folder).filter((f) => !Number.isNaN(minor(f))) : [];
  const loaded = new Map<string, KubernetesSchemaBundle>();
  const openshiftFile = folder ? join(folder, '..', 'openshift', 'openshift.json.gz') : undefined;
  let openshift: OpenShiftSchemaBundle | undefined;
  const readWhole = (file: string): KubernetesSchemaBundle => {
    const parsed = readBundle<KubernetesSchemaBundle>(file, options.descriptions);
    if (!openshift && openshiftFile && existsSync(openshiftFile))
      openshift = readBundle<OpenShiftSchemaBundle>(openshiftFile, options.descriptions);
    return withOpenShift(parsed, openshift);
  };
  return (version) => {
    const wanted = Number(/^v?1\.(\d+)/.exec(version)?.[1] ?? NaN);
    const file = [...available].sort((a, b) => Math.abs(minor(a) - wanted) - Math.abs(minor(b) - wanted))[0];
    if (!folder || !file) return undefined;
    let bundle = loaded.get(file);
    if (!bundle) {
      const module = `kubernetes-${file.replace(/\.json\.gz$/, '')}`;
      const precompiled = (definition: string): ValidateFunction | undefined => {
        const validate = (validators(module) as Record<string, unknown> | undefined)?.[definition];
        return typeof validate === 'function' ? (validate as ValidateFunction) : undefined;
      };
      const read = readBundleIndex(generated, module, options.descriptions) ?? readWhole(join(folder, file));
      bundle = { ...read, precompiled };
      loaded.set(file, bundle);
    }
    return bundle;
  };
}
