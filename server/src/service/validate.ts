import { documentKinds } from './classify';
import { composeDocumentSteps } from './compose/validateCompose';
import { hostOf } from './context';
import { resolveUri, type ProjectHost } from './host';
import { indexObjects, objectsOfFile, type WorkspaceIndex } from './kubernetes/objects';
import { K8S_CODES, validateKubernetesDocument } from './kubernetes/validateKubernetes';
import { CODE, coded } from './rules/registry';
import { kustomizationDiagnostics, patchFiles } from './rules/kustomize';
import { marathonDiagnostics } from './marathon/validateMarathon';
import { isTemplated } from './templates';
import type { ValidationContext } from './context';
import { yamlAliasDiagnostics } from './rules/yamlAliases';
import { yamlDuplicateKeyDiagnostics } from './rules/yamlDuplicateKeys';
import { retypedValueDiagnostics } from './rules/yamlRetyped';
import { yamlSyntaxDiagnostics } from './rules/yamlSyntax';
import type { SourceFile } from './sourceFile';
import type { Diagnostic } from './types';

/** Whether a kustomization beside the file applies it as a patch. */
export function isKustomizePatch(uri: string, host: ProjectHost): boolean {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    const kustomization = resolveUri(uri, name);
    const text = host.readFile(kustomization);
    if (text !== undefined && patchFiles(text, kustomization).includes(uri)) return true;
  }
  return false;
}

/** Past this size a file gets its YAML checked only: the other rules would hold up the editor for seconds. */
export const FULL_CHECK_LIMIT = 2_000_000;

function applySeverities(diagnostics: Diagnostic[], context: ValidationContext | undefined): Diagnostic[] {
  const severities = context?.severities;
  if (!severities) return diagnostics;
  return diagnostics.flatMap((d) => {
    const severity = severities[d.code];
    if (severity === 'off') return [];
    return severity ? [{ ...d, severity }] : [d];
  });
}

/**
 * All diagnostics for one file. Never throws on user input: a file that does not parse still gets every diagnostic
 * that can be computed from what did parse, and a rule that fails is reported to `context.onRuleError` and skipped.
 */
export function validate(file: SourceFile, context?: ValidationContext): Diagnostic[] {
  const steps = validationSteps(file, context);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `validate` in steps: it pauses between rule families and between documents, so that a caller can stop the work
 * when its result is no longer wanted (a newer version of the document arrived) or give way to other work.
 */
export function* validationSteps(file: SourceFile, context?: ValidationContext): Generator<void, Diagnostic[]> {
  // A template is not YAML until rendered; see templates.ts.
  if (file.kind !== 'compose' && file.kind !== 'stack' && isTemplated(file.uri, file.text)) return [];
  const diagnostics = [...yamlSyntaxDiagnostics(file.yaml)];
  yield;
  diagnostics.push(
    ...yamlDuplicateKeyDiagnostics(file.yaml, context?.composeFindings?.nodes),
    ...yamlAliasDiagnostics(file.yaml),
  );
  yield;
  if (file.text.length > FULL_CHECK_LIMIT && file.kind !== 'yaml') {
    const size = `${(file.text.length / 1e6).toFixed(1)} MB`;
    diagnostics.push({
      range: file.yaml.rangeOf(0, 0),
      ...coded(CODE.largeFile),
      message: `This file is ${size}: only its YAML was checked (the limit for full checks is ${FULL_CHECK_LIMIT / 1e6} MB)`,
    });
  } else if (file.kind === 'kustomization') {
    diagnostics.push(...kustomizationDiagnostics(file.yaml, file.uri, hostOf(context)));
  } else if (file.kind === 'marathon') {
    diagnostics.push(...marathonDiagnostics(file, context));
  } else {
    yield* documentSteps(file, context, diagnostics);
  }
  // JSON has no plain scalars to retype: a Marathon file's strings are quoted.
  const retypes = file.kind === 'compose' || file.kind === 'stack' || file.kind === 'kubernetes';
  if (retypes && file.text.length <= FULL_CHECK_LIMIT) {
    try {
      diagnostics.push(...retypedValueDiagnostics(file, context));
    } catch (error) {
      context?.onRuleError?.(CODE.yamlRetypedValue, error);
    }
  }
  return applySeverities(diagnostics, context);
}

/** Each document by the rules of its own kind (`documentKinds`), one step per document. */
function* documentSteps(file: SourceFile, context: ValidationContext | undefined, out: Diagnostic[]): Generator<void> {
  const kinds = documentKinds(file.kind, file.yaml.documents);
  let manifests: { partial: boolean; workspace: WorkspaceIndex } | undefined;
  for (const [i, document] of file.yaml.documents.entries()) {
    const kind = kinds[i];
    if (kind === 'compose' || kind === 'stack') out.push(...(yield* composeDocumentSteps(file, document, kind, context)));
    else if (kind === 'kubernetes') {
      manifests ??= {
        partial: context?.kubernetes?.patch ?? isKustomizePatch(file.uri, hostOf(context)),
        workspace:
          context?.kubernetes?.index ??
          indexObjects([...(context?.kubernetes?.objects?.() ?? []).filter((o) => o.uri !== file.uri), ...objectsOfFile(file)]),
      };
      try {
        const found = validateKubernetesDocument(file, document, context, manifests.workspace, manifests.partial);
        // A patch is a partial object: what it leaves out, the base has.
        out.push(...(manifests.partial ? found.filter((d) => d.code !== K8S_CODES.missingKey) : found));
      } catch (error) {
        context?.onRuleError?.('kubernetes', error);
      }
    }
    if (kind) yield;
  }
}
