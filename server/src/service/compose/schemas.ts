import Ajv, { type ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import composeSpec from '../../../../schemas/compose-spec.json';
import v30 from '../../../../schemas/config_schema_v3.0.json';
import v31 from '../../../../schemas/config_schema_v3.1.json';
import v32 from '../../../../schemas/config_schema_v3.2.json';
import v33 from '../../../../schemas/config_schema_v3.3.json';
import v34 from '../../../../schemas/config_schema_v3.4.json';
import v35 from '../../../../schemas/config_schema_v3.5.json';
import v36 from '../../../../schemas/config_schema_v3.6.json';
import v37 from '../../../../schemas/config_schema_v3.7.json';
import v38 from '../../../../schemas/config_schema_v3.8.json';
import v39 from '../../../../schemas/config_schema_v3.9.json';
import v310 from '../../../../schemas/config_schema_v3.10.json';
import v311 from '../../../../schemas/config_schema_v3.11.json';
import v312 from '../../../../schemas/config_schema_v3.12.json';
import v313 from '../../../../schemas/config_schema_v3.13.json';
import { parsePortSpec } from './ports';
import { strictSchema } from './strictSchema';

/** docker/cli's stack schemas by version; `docker stack deploy` uses 3.13 when a file names none. */
const STACK_SCHEMAS: Readonly<Record<string, unknown>> = {
  '3.0': v30,
  '3.1': v31,
  '3.2': v32,
  '3.3': v33,
  '3.4': v34,
  '3.5': v35,
  '3.6': v36,
  '3.7': v37,
  '3.8': v38,
  '3.9': v39,
  '3.10': v310,
  '3.11': v311,
  '3.12': v312,
  '3.13': v313,
};
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
