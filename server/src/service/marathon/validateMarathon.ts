import type { ErrorObject } from 'ajv';
import { buildComposeModel, type ComposeModel } from '../compose/model';
import { schemaDiagnostics, type SchemaCodes } from '../compose/schemaDiagnostics';
import type { ValidationContext } from '../context';
import { cmdAndArgsDiagnostics } from '../rules/marathon/cmdArgs';
import { invalidIdDiagnostics } from '../rules/marathon/ids';
import { negativeInstancesDiagnostics } from '../rules/marathon/instances';
import { noCommandDiagnostics } from '../rules/marathon/noCommand';
import { duplicatePortNameDiagnostics } from '../rules/marathon/portNames';
import { CODE } from '../rules/registry';
import type { SourceFile } from '../sourceFile';
import type { Diagnostic, Fix } from '../types';
import { definitionsIn, type MarathonDefinition } from './definitions';
import { definitionOf, marathonValidator, PATH_ID_PATTERN } from './schema';

export const MARATHON_CODES: SchemaCodes = {
  unknownKey: CODE.marathonUnknownKey,
  missingKey: CODE.marathonMissingKey,
  invalidType: CODE.marathonInvalidType,
  invalidValue: CODE.marathonInvalidValue,
};

/** Schema errors a rule reports better: an id's syntax (`marathon/invalid-id`), a negative count (`marathon/negative-instances`). */
const ownedByRule = (e: ErrorObject): boolean =>
  (e.keyword === 'pattern' && e.params['pattern'] === PATH_ID_PATTERN) ||
  (e.keyword === 'minimum' && /\/instances$/.test(e.instancePath));

function schemaErrors(value: unknown): ErrorObject[] {
  const { name, list } = definitionOf(value);
  const validate = marathonValidator(name);
  const run = (item: unknown, prefix: string): ErrorObject[] =>
    validate(item) ? [] : (validate.errors ?? []).map((e) => ({ ...e, instancePath: `${prefix}${e.instancePath}` }));
  if (!list) return run(value, '');
  return (value as unknown[]).flatMap((item, i) => run(item, `/${i}`));
}

/** A did-you-mean edit replaces a JSON string, quotes included: its new text is quoted the same way. */
function asJson(fix: Fix, lines: readonly string[]): Fix {
  if (fix.kind !== 'did-you-mean') return fix;
  const quoted = (at: { line: number; character: number }): boolean => lines[at.line]?.charAt(at.character) === '"';
  return { ...fix, edits: fix.edits.map((e) => (quoted(e.range.start) ? { ...e, newText: JSON.stringify(e.newText) } : e)) };
}

const RULES: readonly [string, (model: ComposeModel, definitions: readonly MarathonDefinition[]) => Diagnostic[]][] = [
  [CODE.marathonInvalidId, invalidIdDiagnostics],
  [CODE.marathonCmdAndArgs, cmdAndArgsDiagnostics],
  [CODE.marathonDuplicatePortName, duplicatePortNameDiagnostics],
  [CODE.marathonNegativeInstances, negativeInstancesDiagnostics],
  [CODE.marathonNoCommand, noCommandDiagnostics],
];

/**
 * A Marathon app, pod or group definition (or a list of apps): its schema (schemas/marathon/marathon.schema.json,
 * strict), then the rules Marathon's own validation adds. The file is JSON, read by the YAML parse every file gets,
 * so positions come from the same document model as Compose and Kubernetes. Never throws: a failing rule is told
 * to `context.onRuleError` and the others still report.
 */
export function marathonDiagnostics(file: SourceFile, context?: ValidationContext): Diagnostic[] {
  const document = file.yaml.documents[0];
  if (!document || document.contents === null) return [];
  const model = buildComposeModel(file.yaml, document);
  if (model.truncated) return [];
  const out: Diagnostic[] = [];
  try {
    const errors = schemaErrors(model.value).filter((e) => !ownedByRule(e));
    for (const d of schemaDiagnostics(errors, model, MARATHON_CODES))
      out.push(d.fixes ? { ...d, fixes: d.fixes.map((f) => asJson(f, file.lines)) } : d);
  } catch (error) {
    context?.onRuleError?.('marathon/schema', error);
  }
  const definitions = definitionsIn(model.value);
  for (const [code, rule] of RULES) {
    try {
      out.push(...rule(model, definitions));
    } catch (error) {
      context?.onRuleError?.(code, error);
    }
  }
  return out;
}
