import { buildComposeModel, pointerOf, referenceScope, type ComposeModel } from '@stevedore/model';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document } from 'yaml';
import type { ComposeFindings } from '../incremental/composeFindings';
import type { ValidationContext } from '../context';
import { hostOf } from '../context';
import { containerNameDiagnostics } from '../rules/compose/containerName';
import { dependsOnDiagnostics } from '../rules/compose/dependsOn';
import { extendsFileDiagnostics } from '../rules/compose/extendsFile';
import { interpolationDiagnostics } from '../rules/compose/interpolation';
import { missingFileDiagnostics } from '../rules/compose/missingFiles';
import { portDiagnostics } from '../rules/compose/ports';
import { practiceDiagnostics } from '../rules/compose/practices';
import { referenceDiagnostics } from '../rules/compose/references';
import { unusedDiagnostics } from '../rules/compose/unused';
import { FORBIDDEN, stackKeyDiagnostics } from '../rules/stack/stackKeys';
import type { SourceFile } from '../sourceFile';
import type { Diagnostic } from '../types';
import { environmentOf, lookupIn } from './project';
import { schemaDiagnostics } from './schemaDiagnostics';
import { ServiceSummaries, type ServiceIndex } from './serviceIndex';
import { CODE, coded } from '../rules/registry';
import { composeValidator, stackSchemaVersion, stackValidator, STACK_VERSIONS } from './schemas';

/** Compose file format v1 put services at the top level, without `services:`. */
function isLegacyV1(root: unknown): boolean {
  if (!root || typeof root !== 'object' || Array.isArray(root) || 'services' in root) return false;
  const values = Object.entries(root as Record<string, unknown>).filter(([key]) => !key.startsWith('x-') && key !== 'version');
  return (
    values.length > 0 &&
    values.every(([, v]) => v !== null && typeof v === 'object' && ['image', 'build', 'extends'].some((k) => k in v))
  );
}

type Rule = (model: ComposeModel, index: ServiceIndex) => Diagnostic[];

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The schema's errors on the whole file, by the service they lie in (keyed by the service's pointer), or undefined
 * when one lies on `/services` itself (a service's name the schema refuses): that error would belong to one service
 * alone, and the caller validates each service on its own instead. Only the errors under a service are used; the
 * rest of the file is validated apart, as on every check.
 */
function errorsByService(validate: ValidateFunction, root: unknown): Map<string, ErrorObject[]> | undefined {
  const errors = validate(root) ? [] : (validate.errors ?? []);
  const out = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const path = error.instancePath;
    if (path === '/services') return undefined;
    if (!path.startsWith('/services/')) continue;
    const end = path.indexOf('/', '/services/'.length);
    const pointer = end === -1 ? path : path.slice(0, end);
    let own = out.get(pointer);
    if (!own) out.set(pointer, (own = []));
    own.push(error);
  }
  return out;
}

/**
 * The schema's findings on the model. With `findings` (a held file), each service's findings are reused while it is
 * unchanged: the schema constrains a service by its own value only, so the whole file's errors are those of the file
 * without its services plus those of each service. When nothing is kept (the file's first check), the whole file is
 * validated once and its errors split by service; after that, each changed service is validated alone
 * (test/unit/composeColdSchema.test.ts compares the two).
 */
function schemaFindings(
  validate: ValidateFunction,
  model: ComposeModel,
  findings: { cache: ComposeFindings; rule: string } | undefined,
): Diagnostic[] {
  const check = (value: unknown, keep: (e: ErrorObject) => boolean = () => true): Diagnostic[] =>
    validate(value) ? [] : schemaDiagnostics((validate.errors ?? []).filter(keep), model);
  const root = model.value;
  const services = isMap(root) ? root['services'] : undefined;
  if (!findings || !isMap(root) || !isMap(services)) return check(root);
  const out = check({ ...root, services: {} });
  const whole = findings.cache.holdsNothing(findings.rule) ? errorsByService(validate, root) : undefined;
  if (whole) findings.cache.atOnce++;
  // Alone, a service sits in a file that lacks what the top level requires (a stack's version): only the errors
  // under services/ are its own.
  const own = (e: ErrorObject): boolean => e.instancePath.startsWith('/services/') || e.instancePath === '/services';
  for (const name of Object.keys(services)) {
    const compute = whole
      ? () => {
          const errors = whole.get(pointerOf('/services', name));
          return errors ? schemaDiagnostics(errors, model) : [];
        }
      : () => check({ services: { [name]: services[name] } }, own);
    out.push(...findings.cache.service(findings.rule, model, name, compute));
  }
  return out;
}

function schemaRule(kind: 'compose' | 'stack', document: Document.Parsed, context?: ValidationContext): Rule {
  return (model) => {
    // A document with syntax errors has a shape the user did not mean: schema errors there are echoes of the
    // syntax error, so the schema waits until the YAML parses. The other rules still run on what parsed.
    if (document.errors.length > 0) return [];
    if (model.truncated) {
      const range = model.file.rangeOf(0, 0);
      return [
        {
          range,
          ...coded(CODE.composeTooLarge),
          message: 'This file expands to too many nodes (alias bomb?): only YAML syntax was checked',
        },
      ];
    }
    if (kind === 'compose' && isLegacyV1(model.value)) {
      const range = model.file.rangeOf(0, 0);
      return [
        {
          range,
          ...coded(CODE.composeLegacyV1Format),
          message:
            'This is Compose file format v1 (services at the top level), which docker compose v2 no longer reads: move the services under a top-level services: key',
        },
      ];
    }
    if (kind === 'compose') {
      const cache = context?.composeFindings;
      return schemaFindings(composeValidator(context?.validators), model, cache && { cache, rule: 'schema/compose' });
    }
    const written = (model.value as Record<string, unknown> | null)?.['version'];
    const version = stackSchemaVersion(written);
    if (!version) {
      const range = model.valueRange('/version') ?? model.file.rangeOf(0, 0);
      return [
        {
          range,
          ...coded(CODE.stackUnsupportedVersion),
          message: `docker stack deploy supports version ${STACK_VERSIONS.join(', ')} (or none, meaning 3.13), not '${String(written)}'`,
        },
      ];
    }
    const cache = context?.composeFindings;
    const errors = schemaFindings(
      stackValidator(version, context?.validators),
      model,
      cache && { cache, rule: `schema/${version}` },
    );
    // stack/forbidden-key says more about these keys than "unknown key" does.
    return errors.filter(
      (d) =>
        !(
          d.code === CODE.composeUnknownKey && Object.keys(FORBIDDEN).some((key) => d.message.startsWith(`Unknown key '${key}'`))
        ),
    );
  };
}

/** Compose and stack files: schema, interpolation, references and the semantic rules, each isolated from the others. */
export function validateComposeDocument(
  file: SourceFile,
  document: Document.Parsed,
  kind: 'compose' | 'stack',
  context?: ValidationContext,
): Diagnostic[] {
  const steps = composeDocumentSteps(file, document, kind, context);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `validateComposeDocument` in steps: it pauses after building the model and after each rule, so that a request that
 * arrives meanwhile (a completion, a hover) waits for one rule at most, not for the whole check.
 */
export function* composeDocumentSteps(
  file: SourceFile,
  document: Document.Parsed,
  kind: 'compose' | 'stack',
  context?: ValidationContext,
): Generator<void, Diagnostic[]> {
  const env = environmentOf(file.uri, context);
  const findings = context?.composeFindings;
  findings?.useVariables(env);
  const model = buildComposeModel(file.yaml, document, lookupIn(env), findings?.model);
  // The project-wide rules read each service's summary, kept by its value while it is unchanged.
  const index = (findings?.summaries ?? new ServiceSummaries()).index(model);
  yield;
  const rules: [string, Rule][] = [
    ['interpolation', interpolationDiagnostics],
    ['schema', schemaRule(kind, document, context)],
    ['references', (m, i) => referenceDiagnostics(m, referenceScope(hostOf(context), file.uri, m.value, env), i)],
    // Swarm ignores depends_on, so its cycles and conditions matter for compose only.
    ...(kind === 'compose' ? [['depends-on', dependsOnDiagnostics] as [string, Rule]] : []),
    ['ports', portDiagnostics],
    ['container-name', containerNameDiagnostics],
    ['unused', unusedDiagnostics],
    ['missing-file', (m) => missingFileDiagnostics(m, file.uri, hostOf(context))],
    ['extends-file', (m) => extendsFileDiagnostics(m, file.uri, hostOf(context))],
    ...(kind === 'stack' ? [['stack-keys', stackKeyDiagnostics] as [string, Rule]] : []),
    // Best-practice findings: information unless the user raises them.
    [
      'practices',
      (m, i) =>
        practiceDiagnostics(
          m,
          kind,
          i,
          findings && ((name, salt, compute) => findings.service(`practices/${kind}`, m, name, compute, salt)),
        ),
    ],
  ];
  const out: Diagnostic[] = [];
  for (const [name, rule] of rules) {
    try {
      out.push(...rule(model, index));
    } catch (error) {
      context?.onRuleError?.(name, error);
    }
    yield;
  }
  return out;
}
