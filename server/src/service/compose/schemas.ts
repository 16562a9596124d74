import Ajv, { type ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { composeSpec, STACK_SCHEMAS } from '../schemaData';
import { parsePortSpec } from './ports';
import { strictSchema } from './strictSchema';

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

/** Go durations (`1m30s`, `500ms`), as docker/cli's `duration` format parses them. */
const DURATION = /^([+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)(ns|us|µs|ms|s|m|h))+$|^0$/;

// Compiled validators are immutable and costly to build (tens of ms each): build each once, on first use.
const compiled = new Map<string, ValidateFunction>();

export function composeValidator(): ValidateFunction {
  let validate = compiled.get('compose');
  if (!validate) {
    const { $schema: _ignored, ...schema } = strictSchema(composeSpec) as Record<string, unknown>;
    validate = new Ajv(options).compile(schema);
    compiled.set('compose', validate);
  }
  return validate;
}

export function stackValidator(version: string): ValidateFunction {
  let validate = compiled.get(version);
  if (!validate) {
    const ajv = new AjvDraft04(options);
    ajv.addFormat('ports', (value: string | number) => typeof value === 'number' || parsePortSpec(value).ok);
    ajv.addFormat(
      'expose',
      (value: string | number) => typeof value === 'number' || /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(value),
    );
    ajv.addFormat('duration', (value: string) => DURATION.test(value));
    const { $schema: _ignored, ...schema } = strictSchema(STACK_SCHEMAS[version]) as Record<string, unknown>;
    validate = ajv.compile(schema);
    compiled.set(version, validate);
  }
  return validate;
}

/** The stack schema a file's `version:` selects, as written (for completion and hover). */
export function stackSchemaJson(text: string): unknown {
  const written = /^version:\s*["']?([0-9.]+)/m.exec(text)?.[1];
  return STACK_SCHEMAS[stackSchemaVersion(written) ?? DEFAULT_STACK_VERSION];
}
