import Ajv, { type ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { composeSpec, STACK_SCHEMAS } from '../schemaData';
import { STACK_FORMATS } from './stackFormats';
import { strictSchema } from './strictSchema';

/**
 * Validators generated at build time (schemas/compile.mjs), by name: `compose`, `stack-3.13`,
 * `kubernetes-v1.34` (a module whose exports are one validator per definition). Undefined when not generated.
 */
export type ValidatorSource = (name: string) => unknown;

export const DEFAULT_STACK_VERSION = '3.13';
export const STACK_VERSIONS = Object.keys(STACK_SCHEMAS);

/** `3` means 3.0, as in docker/cli; undefined when the version is not one `docker stack deploy` knows. */
export function stackSchemaVersion(version: unknown): string | undefined {
  if (version === undefined || version === null) return DEFAULT_STACK_VERSION;
  if (typeof version !== 'string' && typeof version !== 'number') return undefined;
  const text = String(version);
  const normalized = /^\d+$/.test(text) ? `${text}.0` : text;
  return normalized in STACK_SCHEMAS ? normalized : undefined;
}

const options = { allErrors: true, strict: false, verbose: true, allowUnionTypes: true, validateSchema: false } as const;

// Compiled validators are immutable and costly to build (a second for the Compose spec): each is built once, on first
// use, and only when no generated one is at hand.
const compiled = new Map<string, ValidateFunction>();

const generated = (source: ValidatorSource | undefined, name: string): ValidateFunction | undefined => {
  const validate = source?.(name);
  return typeof validate === 'function' ? (validate as ValidateFunction) : undefined;
};

/** The Compose spec's validator compiled now, as schemas/compile.mjs compiles it at build time. */
export function compileComposeValidator(): ValidateFunction {
  const { $schema: _ignored, ...schema } = strictSchema(composeSpec) as Record<string, unknown>;
  return new Ajv(options).compile(schema);
}

/** A stack schema's validator compiled now, as schemas/compile.mjs compiles it at build time. */
export function compileStackValidator(version: string): ValidateFunction {
  const ajv = new AjvDraft04(options);
  for (const [name, check] of Object.entries(STACK_FORMATS)) ajv.addFormat(name, check);
  const { $schema: _ignored, ...schema } = strictSchema(STACK_SCHEMAS[version]) as Record<string, unknown>;
  return ajv.compile(schema);
}

export function composeValidator(source?: ValidatorSource): ValidateFunction {
  let validate = compiled.get('compose');
  if (!validate) {
    validate = generated(source, 'compose') ?? compileComposeValidator();
    compiled.set('compose', validate);
  }
  return validate;
}

export function stackValidator(version: string, source?: ValidatorSource): ValidateFunction {
  let validate = compiled.get(version);
  if (!validate) {
    validate = generated(source, `stack-${version}`) ?? compileStackValidator(version);
    compiled.set(version, validate);
  }
  return validate;
}

/** The stack schema a file's `version:` selects, as written (for completion and hover). */
export function stackSchemaJson(text: string): unknown {
  const written = /^version:\s*["']?([0-9.]+)/m.exec(text)?.[1];
  return STACK_SCHEMAS[stackSchemaVersion(written) ?? DEFAULT_STACK_VERSION];
}
