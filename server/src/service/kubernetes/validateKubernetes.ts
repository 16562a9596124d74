import type { ValidateFunction } from 'ajv';
import { isScalar, type Document } from 'yaml';
import type { ValidationContext } from '../context';
import { buildComposeModel, pointerOf, type ComposeModel } from '../compose/model';
import { schemaDiagnostics, type SchemaCodes } from '../compose/schemaDiagnostics';
import type { SourceFile } from '../sourceFile';
import { didYouMean } from '../text';
import type { Diagnostic, Fix, Range } from '../types';
import { apiServerDiagnostics } from '../rules/kubernetes/apiServer';
import { crossObjectDiagnostics } from '../rules/kubernetes/crossObject';
import { notSupportedMessage, type FieldPath } from '../rules/kubernetes/fieldErrors';
import { CODE, coded } from '../rules/registry';
import { crdFor, crdValidator } from './crd';
import { groupifiedApiVersion } from './openshift';
import { indexObjects, objectsOfFile, type WorkspaceIndex } from './objects';
import { API_LIFECYCLES, KNOWN_WITHOUT_SCHEMA } from './removedApis';
import { isTemplate, templateObjects, templateReferences, withoutSubstitutedFindings } from './template';
import { builtInGroups, DEFAULT_KUBERNETES_VERSION, groupOf, kindValidator, type KubernetesSchemaBundle } from './schemas';

export const K8S_CODES: SchemaCodes = {
  unknownKey: CODE.k8sUnknownField,
  missingKey: CODE.k8sMissingField,
  invalidType: CODE.k8sInvalidType,
  invalidValue: CODE.k8sInvalidValue,
};

const minorOf = (version: string): number => Number(/^v?1\.(\d+)/.exec(version)?.[1] ?? NaN);

export const removedMessage = (gvk: string, removed: number, replacement?: string, note?: string): string =>
  `${gvk} was removed in Kubernetes 1.${removed}${replacement ? `: use ${replacement}` : ''}${note ? ` (${note})` : ''}`;

/** Kubernetes treats a null field as an absent one (`creationTimestamp: null` in exported manifests). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

interface ObjectCheck {
  readonly workspace: WorkspaceIndex;
  readonly model: ComposeModel;
  readonly pointer: string;
  readonly value: Record<string, unknown>;
  readonly bundle: KubernetesSchemaBundle | undefined;
  readonly target: number;
  /** A kustomize patch: a partial object. */
  readonly partial: boolean;
  readonly onRuleError: ((rule: string, error: unknown) => void) | undefined;
}

/** A custom resource whose CustomResourceDefinition is in the workspace is held to that definition's schema. */
function checkCustomResource(
  { model, pointer, value, workspace }: ObjectCheck,
  apiVersion: string,
  kind: string,
): Diagnostic[] | undefined {
  const crd = crdFor(workspace, apiVersion, kind);
  const validate = crd && crdValidator(crd, apiVersion.split('/')[1] ?? '');
  return validate && validatedBy(validate, { model, pointer, value });
}

/**
 * kubectl and the API server read manifests as YAML 1.1 (sigs.k8s.io/yaml), where a plain `yes`, `on`, `y`, `no`,
 * `off` or `n` is a boolean: `tty: yes` is valid there, though our YAML 1.2 parse gives a string. Quoted, it stays a
 * string (and the API rejects it), so only plain scalars count.
 */
const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF)$/;
function isYaml11Boolean(model: ComposeModel, pointer: string): boolean {
  const node = model.info(pointer)?.node;
  return isScalar(node) && node.type === 'PLAIN' && typeof node.value === 'string' && YAML11_BOOLEAN.test(node.value);
}

/**
 * A value outside a field's enumeration, in the API server's words (`field.NotSupported`), with the path from the
 * object as the server gives it: `spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported
 * values: "Always", "IfNotPresent", "Never"`.
 */
function notInEnum(objectPointer: string): SchemaCodes['notInEnum'] {
  return (instancePath, value, allowed) => {
    const path: FieldPath = instancePath
      .slice(objectPointer.length)
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    // "" (allowed where the server reads it as unset) is no value the server names.
    return notSupportedMessage(path, value, allowed.filter((v) => v !== '').map(String));
  };
}

/** Runs a compiled schema on the object; ajv's paths are relative to the object, the model's to the document. */
function validatedBy(
  validate: ValidateFunction,
  { model, pointer, value }: Pick<ObjectCheck, 'model' | 'pointer' | 'value'>,
): Diagnostic[] {
  if (validate(withoutNulls(value))) return [];
  const errors = (validate.errors ?? [])
    .map((e) => ({ ...e, instancePath: `${pointer}${e.instancePath}` }))
    .filter((e) => !(e.keyword === 'type' && e.params['type'] === 'boolean' && isYaml11Boolean(model, e.instancePath)));
  return errors.length > 0 ? schemaDiagnostics(errors, model, { ...K8S_CODES, notInEnum: notInEnum(pointer) }) : [];
}

/** The one path every object takes: a document, a List item, an entry of a Template's `objects`. */
function checkObject(check: ObjectCheck): Diagnostic[] {
  const legacy = nonGroupified(check);
  if (legacy) return [legacy.diagnostic, ...checkObject({ ...check, value: legacy.value })];
  const { model, pointer, value, workspace, partial } = check;
  const own = [
    ...checkSchema(check),
    ...apiServerDiagnostics({ model, at: pointer, object: value, partial }, check.onRuleError),
    ...crossObjectDiagnostics(model, pointer, value, workspace),
  ];
  if (!isTemplate(value)) return own;
  // Each of a Template's objects is checked as the object it is, less what depends on a parameter's value.
  const references = templateReferences(value, pointer);
  return [
    ...own,
    ...templateObjects(value, pointer).flatMap((item) =>
      withoutSubstitutedFindings(checkObject({ ...check, ...item }), model, references),
    ),
  ];
}

/** An OpenShift kind under the non-groupified `v1`: a warning with the fix, and the object as its group's kind. */
function nonGroupified(check: ObjectCheck): { diagnostic: Diagnostic; value: Record<string, unknown> } | undefined {
  const { model, pointer, value, bundle } = check;
  const { apiVersion, kind } = value;
  if (!bundle || typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const group = groupifiedApiVersion(bundle, apiVersion, kind);
  if (!group) return undefined;
  const range = model.valueRange(pointerOf(pointer, 'apiVersion')) ?? model.file.rangeOf(0, 0);
  return {
    diagnostic: {
      range,
      ...coded(CODE.openshiftNonGroupifiedApi),
      message: `apiVersion v1 for ${kind} is OpenShift 3's non-groupified API: OpenShift 4 serves ${kind} as ${group} (oc converts v1 with a deprecation warning; kubectl and other clients find no kind ${kind} in v1)`,
      fixes: [{ kind: 'use-successor-api', title: `Use ${group}`, edits: [{ range, newText: group }] }],
    },
    value: { ...value, apiVersion: group },
  };
}

function checkSchema(check: ObjectCheck): Diagnostic[] {
  const { model, pointer, value, bundle, target } = check;
  const here = (p: string): Range | undefined => model.valueRange(p) ?? model.keyRange(p);
  const apiVersion = value['apiVersion'];
  const kind = value['kind'];
  const out: Diagnostic[] = [];
  const at = here(pointer) ?? model.file.rangeOf(0, 0);
  if (typeof apiVersion !== 'string' || apiVersion === '')
    out.push({
      range: here(pointerOf(pointer, 'apiVersion')) ?? at,
      ...coded(CODE.k8sMissingApiVersion),
      message: 'A Kubernetes object needs an apiVersion',
    });
  if (typeof kind !== 'string' || kind === '')
    out.push({
      range: here(pointerOf(pointer, 'kind')) ?? at,
      ...coded(CODE.k8sMissingKind),
      message: 'A Kubernetes object needs a kind',
    });
  if (out.length > 0 || typeof apiVersion !== 'string' || typeof kind !== 'string') return out;

  const gvk = `${apiVersion}/${kind}`;
  const versionRange = here(pointerOf(pointer, 'apiVersion')) ?? at;
  const lifecycle = API_LIFECYCLES.get(gvk);
  const successor = lifecycle?.replacement;
  // Changing the apiVersion is the fix; fields that changed between versions show up once it is done.
  const fixes: Fix[] = successor
    ? [{ kind: 'use-successor-api', title: `Use ${successor}`, edits: [{ range: versionRange, newText: successor }] }]
    : [];
  if (lifecycle && target >= lifecycle.removed) {
    return [
      {
        range: versionRange,
        ...coded(CODE.k8sRemovedApi),
        message: removedMessage(gvk, lifecycle.removed, lifecycle.replacement, lifecycle.note),
        ...(fixes.length > 0 ? { fixes } : {}),
      },
    ];
  }
  if (lifecycle && target >= lifecycle.deprecated) {
    out.push({
      ...(fixes.length > 0 ? { fixes } : {}),
      range: versionRange,
      ...coded(CODE.k8sDeprecatedApi),
      message: `${gvk} is deprecated since Kubernetes 1.${lifecycle.deprecated} and removed in 1.${lifecycle.removed}${lifecycle.replacement ? `: use ${lifecycle.replacement}` : ''}`,
    });
  }
  if (!bundle || KNOWN_WITHOUT_SCHEMA.has(gvk)) return out;
  const definition = bundle.kinds[gvk];
  if (!definition) {
    // Served by the target release, though not by the release whose schemas ship: nothing more to say.
    if (lifecycle) return out;
    if (builtInGroups(bundle).has(groupOf(apiVersion))) {
      const kinds = Object.keys(bundle.kinds)
        .filter((k) => k.startsWith(`${apiVersion}/`))
        .map((k) => k.slice(apiVersion.length + 1));
      const hint = didYouMean(kind, kinds);
      const message =
        kinds.length > 0
          ? `${apiVersion} has no kind ${kind}${hint ? `. Did you mean ${hint}?` : ''}`
          : `Kubernetes ${bundle.version} does not serve ${apiVersion}`;
      return [
        ...out,
        {
          range: here(pointerOf(pointer, kinds.length > 0 ? 'kind' : 'apiVersion')) ?? at,
          ...coded(CODE.k8sUnknownKind),
          message,
        },
      ];
    }
    const custom = checkCustomResource(check, apiVersion, kind);
    if (custom) return [...out, ...custom];
    const message = `No schema for ${gvk} (a custom resource whose CustomResourceDefinition is not in the workspace): only its YAML is checked`;
    return [...out, { range: here(pointerOf(pointer, 'kind')) ?? at, ...coded(CODE.k8sNoSchema), message }];
  }
  return [...out, ...validatedBy(kindValidator(bundle, definition), check)];
}

/** One YAML document of a Kubernetes file: an object, or a `kind: List` of them. */
export function validateKubernetesDocument(
  file: SourceFile,
  document: Document.Parsed,
  context?: ValidationContext,
  workspace: WorkspaceIndex = indexObjects(objectsOfFile(file)),
  partial = false,
): Diagnostic[] {
  if (document.errors.length > 0 || document.contents === null) return [];
  const model = buildComposeModel(file.yaml, document);
  if (model.truncated) return [];
  const value = model.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const version = context?.kubernetes?.version ?? DEFAULT_KUBERNETES_VERSION;
  const bundle = context?.kubernetes?.schemas?.(version);
  const target = minorOf(version);
  const object = value as Record<string, unknown>;
  if (typeof object['kind'] === 'string' && object['kind'].endsWith('List') && Array.isArray(object['items'])) {
    return object['items'].flatMap((item, i) =>
      item && typeof item === 'object'
        ? checkObject({
            model,
            pointer: pointerOf('/items', i),
            value: item as Record<string, unknown>,
            bundle,
            target,
            workspace,
            partial,
            onRuleError: context?.onRuleError,
          })
        : [],
    );
  }
  return checkObject({
    model,
    pointer: '',
    value: object,
    bundle,
    target,
    workspace,
    partial,
    onRuleError: context?.onRuleError,
  });
}
