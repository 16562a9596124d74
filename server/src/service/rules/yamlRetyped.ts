import { composeSpec } from '../schemaData';
import { isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import { stackSchemaJson } from '../compose/schemas';
import { documentKinds } from '../classify';
import type { ValidationContext } from '../context';
import { kindAt } from '../kubernetes/kindAt';
import { alternatives, schemasAt } from '../schemaNav';
import type { SourceFile } from '../sourceFile';
import type { Diagnostic, Fix, Severity } from '../types';
import type { YamlFile } from '../yamlFile';
import { CODE, coded, RULES } from './registry';

type Schema = Record<string, unknown>;

/** Plain words YAML 1.1 reads as booleans (1.2 reads them as strings; kubectl's and docker-compose v1's parsers are 1.1). */
const YAML11_BOOLEAN = /^(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;
/** Base-60 numbers of YAML 1.1: `1:30` is 90, `22:22` is 1342. */
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/;

export const retypedMessage = (source: string, as: string): string =>
  `\`${source}\` is read as ${as} by YAML 1.1 parsers (kubectl, docker-compose v1), where a string is expected: quote it`;

/** The fix that keeps a plain scalar's text as a string. */
export function quoteFix(file: YamlFile, node: Scalar): Fix | undefined {
  if (node.type !== Scalar.PLAIN || !node.range) return undefined;
  const [start, end] = node.range;
  const text = file.text.slice(start, end);
  if (text.includes('\n') || text === '') return undefined;
  return {
    kind: 'quote-value',
    title: 'Quote the value',
    edits: [{ range: file.rangeOf(start, end), newText: JSON.stringify(text) }],
  };
}

/** Where the schemas at a place take a string and neither a boolean nor a number. */
function wantsString(root: Schema, path: readonly (string | number)[]): boolean {
  const shapes = schemasAt(root, path).flatMap((s) => alternatives(root, s));
  const types = new Set(shapes.flatMap((s) => [s['type']].flat()));
  return types.has('string') && !types.has('boolean') && !types.has('number') && !types.has('integer');
}

/** Plain scalars with their path from the document root. */
function plainScalars(node: unknown, path: (string | number)[], out: { node: Scalar; path: (string | number)[] }[]): void {
  if (isScalar(node)) {
    if (node.type === Scalar.PLAIN && typeof node.value === 'string') out.push({ node, path });
  } else if (isMap(node)) {
    for (const pair of node.items)
      if (isPair(pair) && isScalar(pair.key)) plainScalars(pair.value, [...path, String(pair.key.value)], out);
  } else if (isSeq(node)) node.items.forEach((item, i) => plainScalars(item, [...path, i], out));
}

/**
 * Rule `yaml/retyped-value`: a plain `yes`/`no`/`on`/`off` or `1:30` where the schema wants a string. YAML 1.2 (this
 * server, compose v2) reads them as strings, but kubectl's YAML 1.1 parser turns them into a boolean or a number and
 * the API refuses the object. A warning in manifests, information in Compose files; the fix quotes the value.
 */
export function retypedValueDiagnostics(file: SourceFile, context: ValidationContext | undefined): Diagnostic[] {
  if (!/(^|[\s:-])(yes|no|on|off|[0-9]+:[0-9])/im.test(file.text)) return [];
  const diagnostics: Diagnostic[] = [];
  // Each document as it is judged (a file may hold Compose and Kubernetes documents).
  const kinds = documentKinds(file.kind, file.yaml.documents);
  for (const [i, document] of file.yaml.documents.entries()) {
    const kind = kinds[i];
    if (!kind) continue;
    const severity: Severity = kind === 'kubernetes' ? RULES.yamlRetypedValue.severity : 'information';
    const found: { node: Scalar; path: (string | number)[] }[] = [];
    plainScalars(document.contents, [], found);
    const suspicious = found.filter(
      ({ node }) => YAML11_BOOLEAN.test(String(node.value)) || SEXAGESIMAL.test(String(node.value)),
    );
    if (suspicious.length === 0) continue;
    const root =
      kind === 'kubernetes'
        ? kindAt(file, file.yaml.positionAt(document.range[0]).line, context)?.root
        : ((kind === 'stack' ? stackSchemaJson(file.text) : composeSpec) as Schema);
    if (!root) continue;
    for (const { node, path } of suspicious) {
      if (!node.range || !wantsString(root, path)) continue;
      const source = String(node.value);
      const fix = quoteFix(file.yaml, node);
      diagnostics.push({
        range: file.yaml.rangeOf(node.range[0], node.range[1]),
        ...coded(CODE.yamlRetypedValue),
        severity,
        message: retypedMessage(source, YAML11_BOOLEAN.test(source) ? 'a boolean' : 'a base-60 number'),
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  }
  return diagnostics;
}
