import Ajv, { type ValidateFunction } from 'ajv';

/** A Kubernetes release's API schemas, as schemas/kubernetes/generate.mjs builds them. */
export interface KubernetesSchemaBundle {
  /** `1.34` */
  readonly version: string;
  /** `apps/v1/Deployment` → the name of its definition. */
  readonly kinds: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, unknown>>;
  /** The validator generated at build time for a definition (schemas/compile.mjs), when there is one. */
  readonly precompiled?: (definition: string) => ValidateFunction | undefined;
}

/** Where bundles come from: the language server and the CLI read them from schemas/kubernetes/. */
export type KubernetesSchemaSource = (version: string) => KubernetesSchemaBundle | undefined;

export const DEFAULT_KUBERNETES_VERSION = '1.34';

// The OpenAPI formats are informative for validation here (sizes of integers, dates); the types carry the checks.
const FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'date-time', 'date', 'int-or-string', 'binary', 'password'];

interface CompiledBundle {
  readonly ajv: Ajv;
  readonly validators: Map<string, ValidateFunction>;
}

// One ajv per bundle, and one compiled validator per kind, built on first use: compiling all 176 kinds up front
// would cost seconds that a user opening one Deployment never needs.
const compiled = new WeakMap<KubernetesSchemaBundle, CompiledBundle>();

export function kindValidator(bundle: KubernetesSchemaBundle, definition: string): ValidateFunction {
  const ready = bundle.precompiled?.(definition);
  if (ready) return ready;
  return compileKindValidator(bundle, definition);
}

/** A kind's validator compiled now (kept per bundle), as schemas/compile.mjs compiles it at build time. */
export function compileKindValidator(bundle: KubernetesSchemaBundle, definition: string): ValidateFunction {
  let entry = compiled.get(bundle);
  if (!entry) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, allowUnionTypes: true, validateSchema: false });
    for (const format of FORMATS) ajv.addFormat(format, true);
    ajv.addSchema({ $id: 'k8s', definitions: bundle.definitions });
    entry = { ajv, validators: new Map() };
    compiled.set(bundle, entry);
  }
  let validate = entry.validators.get(definition);
  if (!validate) {
    validate = entry.ajv.compile({ $ref: `k8s#/definitions/${definition}` });
    entry.validators.set(definition, validate);
  }
  return validate;
}

/** The API groups a bundle serves (`''` for core): a kind unknown in one of these is a mistake, not a custom resource. */
export function builtInGroups(bundle: KubernetesSchemaBundle): Set<string> {
  return new Set(Object.keys(bundle.kinds).map((gvk) => groupOf(gvk.slice(0, gvk.lastIndexOf('/')))));
}

export const groupOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
