import { composeSpec } from '../schemaData';
import { isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import { stackSchemaJson } from '../compose/schemas';
import { documentKinds } from '../classify';
import type { ValidationContext } from '../context';
import type { NodeMemo } from '../incremental/nodeMemo';
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

type Found = { node: Scalar; path: (string | number)[] };

// The lengths and the colon first: every plain string of the file comes here, and few are either.
const isSuspicious = (value: string): boolean =>
  (value.length <= 3 && YAML11_BOOLEAN.test(value)) || (value.includes(':') && SEXAGESIMAL.test(value));

/** How deep a subtree starts to be kept whole in the memo: two levels down, a service (`services` → `web`). */
const KEPT_DEPTH = 2;
const RULE = 'yaml/retyped-value';

/**
 * The plain scalars under `node` that YAML 1.1 retypes (whatever the schema says), with their path from `node`
 * (`path`, extended in place and restored; `out` gets copies). That much depends on the subtree alone, so with
 * `memo` each subtree two levels down is kept, and a deeper one kept earlier is taken as it is (a syntax error may
 * nest the services after it one level deeper).
 */
function suspicious(node: unknown, path: (string | number)[], depth: number, out: Found[], memo?: NodeMemo): void {
  if (memo && path.length > 0 && depth >= KEPT_DEPTH && (isMap(node) || isSeq(node))) {
    const kept =
      depth === KEPT_DEPTH
        ? memo.get(RULE, node, [], () => {
            const own: Found[] = [];
            suspicious(node, [], depth, own, memo);
            return own;
          })
        : memo.peek<Found[]>(RULE, node);
    if (kept) {
      for (const found of kept) out.push({ node: found.node, path: [...path, ...found.path] });
      return;
    }
  }
  if (isScalar(node)) {
    if (node.type === Scalar.PLAIN && typeof node.value === 'string' && isSuspicious(node.value))
      out.push({ node, path: [...path] });
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      path.push(String(pair.key.value));
      suspicious(pair.value, path, depth + 1, out, memo);
      path.pop();
    }
  } else if (isSeq(node))
    node.items.forEach((item, i) => {
      path.push(i);
      suspicious(item, path, depth + 1, out, memo);
      path.pop();
    });
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
    const found: Found[] = [];
    suspicious(document.contents, [], 0, found, kind === 'kubernetes' ? undefined : context?.composeFindings?.nodes);
    if (found.length === 0) continue;
    const root =
      kind === 'kubernetes'
        ? kindAt(file, file.yaml.positionAt(document.range[0]).line, context)?.root
        : ((kind === 'stack' ? stackSchemaJson(file.text) : composeSpec) as Schema);
    if (!root) continue;
    for (const { node, path } of found) {
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
