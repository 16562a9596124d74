import { isMap, isScalar, type Document, type Node } from 'yaml';
import { documentKinds } from '../classify';
import type { SourceFile } from '../sourceFile';
import type { Range } from '../types';
import { isTemplate } from './template';

/** What cross-object checks need to know of one Kubernetes object, wherever it is in the workspace. */
export interface KubeObject {
  readonly uri: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Undefined when the manifest does not say: such objects match any namespace (`kubectl apply -n`). */
  readonly namespace?: string;
  /** Where `metadata.name` is written, for navigation and workspace symbols. */
  readonly nameRange?: Range;
  /** For workloads: the pod template's labels and its containers' named ports. */
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly portNames?: readonly string[];
  /** For a CustomResourceDefinition: what it defines, and each served version's schema. */
  readonly defines?: { readonly group: string; readonly kind: string; readonly versions: Readonly<Record<string, unknown>> };
}

function crdDefinition(object: Record<string, unknown>): KubeObject['defines'] {
  if (object['kind'] !== 'CustomResourceDefinition') return undefined;
  const spec = asObject(object['spec']);
  const group = spec['group'];
  const kind = asObject(spec['names'])['kind'];
  if (typeof group !== 'string' || typeof kind !== 'string') return undefined;
  const versions: Record<string, unknown> = {};
  for (const v of asArray(spec['versions']).map(asObject)) {
    const schema = asObject(v['schema'])['openAPIV3Schema'] ?? asObject(spec['validation'])['openAPIV3Schema'];
    if (typeof v['name'] === 'string' && schema) versions[v['name']] = schema;
  }
  return { group, kind, versions };
}

export const asObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Where a workload keeps its pod template (`spec.template`, or `spec.jobTemplate.spec.template` for CronJobs). */
export function podTemplateOf(object: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = asObject(object['spec']);
  if (object['kind'] === 'CronJob') return asObject(asObject(asObject(spec['jobTemplate'])['spec'])['template']);
  if (object['kind'] === 'Pod') return { metadata: object['metadata'], spec };
  return spec['template'] ? asObject(spec['template']) : undefined;
}

export function containersOf(podSpec: Record<string, unknown>): Record<string, unknown>[] {
  return [...asArray(podSpec['containers']), ...asArray(podSpec['initContainers'])].map(asObject);
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asObject(value)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function summarize(uri: string, object: Record<string, unknown>): KubeObject | undefined {
  const metadata = asObject(object['metadata']);
  const { apiVersion, kind } = object;
  const name = metadata['name'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') return undefined;
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined;
  const template = podTemplateOf(object);
  const defines = crdDefinition(object);
  if (defines) return { uri, apiVersion, kind, name, defines };
  if (!template) return { uri, apiVersion, kind, name, ...(namespace ? { namespace } : {}) };
  const podLabels = stringMap(asObject(template['metadata'])['labels']);
  const portNames = containersOf(asObject(template['spec'])).flatMap((c) =>
    asArray(c['ports'])
      .map((p) => asObject(p)['name'])
      .filter((n): n is string => typeof n === 'string'),
  );
  return { uri, apiVersion, kind, name, ...(namespace ? { namespace } : {}), podLabels, portNames };
}

/** The objects of one document: itself, or the items of a List. */
export function objectsOfDocument(
  uri: string,
  document: Document.Parsed,
  rangeOf?: (start: number, end: number) => Range,
): KubeObject[] {
  if (!isMap(document.contents)) return [];
  // Only a single object (not a List's items) gets the range of its name: List items are rare in hand-written manifests.
  const name = document.getIn(['metadata', 'name'], true) as Node | undefined;
  const nameRange = rangeOf && isScalar(name) && name.range ? rangeOf(name.range[0], name.range[1]) : undefined;
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch {
    return []; // an alias bomb or broken aliases: nothing trustworthy to index
  }
  const object = asObject(value);
  const summarized = (items: unknown[]): KubeObject[] =>
    items.map((item) => summarize(uri, asObject(item))).filter((o): o is KubeObject => o !== undefined);
  if (typeof object['kind'] === 'string' && object['kind'].endsWith('List')) return summarized(asArray(object['items']));
  const [self] = summarized([object]);
  // A Template's objects are objects of the workspace too: they refer to each other (its Service selects its pods).
  const contained = isTemplate(object) ? summarized(asArray(object['objects'])) : [];
  return [...(self ? [nameRange ? { ...self, nameRange } : self] : []), ...contained];
}

export function objectsOfFile(file: SourceFile): KubeObject[] {
  const kinds = documentKinds(file.kind, file.yaml.documents);
  return file.yaml.documents.flatMap((d, i) =>
    d.errors.length > 0 || kinds[i] !== 'kubernetes'
      ? []
      : objectsOfDocument(file.uri, d, (start, end) => file.yaml.rangeOf(start, end)),
  );
}

/** Whether `selector` (a Service's map, or a LabelSelector) selects pods labelled `labels`. */
export function selects(
  selector: Record<string, unknown>,
  labels: Readonly<Record<string, string>>,
  isLabelSelector: boolean,
): boolean {
  const matchLabels = isLabelSelector ? asObject(selector['matchLabels']) : selector;
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== String(value)) return false;
  if (!isLabelSelector) return true;
  for (const expression of asArray(selector['matchExpressions']).map(asObject)) {
    const key = String(expression['key']);
    const values = asArray(expression['values']).map(String);
    const has = key in labels;
    switch (expression['operator']) {
      case 'In':
        if (!has || !values.includes(labels[key] ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key] ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** The workspace's objects, indexed for the cross-object rules: by kind, and workloads by pod label. */
export interface WorkspaceIndex {
  readonly ofKind: (kind: string) => readonly KubeObject[];
  /** Workloads whose pod template carries `key: value`. */
  readonly withLabel: (key: string, value: string) => readonly KubeObject[];
  readonly workloads: readonly KubeObject[];
}

export function indexObjects(objects: readonly KubeObject[]): WorkspaceIndex {
  const byKind = new Map<string, KubeObject[]>();
  // label key → value → workloads (nested, so that no key and value can be read as another pair)
  const byLabel = new Map<string, Map<string, KubeObject[]>>();
  const workloads: KubeObject[] = [];
  const push = <K>(map: Map<K, KubeObject[]>, key: K, object: KubeObject): void => {
    const list = map.get(key);
    if (list) list.push(object);
    else map.set(key, [object]);
  };
  for (const object of objects) {
    push(byKind, object.kind, object);
    if (!object.podLabels) continue;
    workloads.push(object);
    for (const [key, value] of Object.entries(object.podLabels)) {
      let values = byLabel.get(key);
      if (!values) byLabel.set(key, (values = new Map<string, KubeObject[]>()));
      push(values, value, object);
    }
  }
  return {
    ofKind: (kind) => byKind.get(kind) ?? [],
    withLabel: (key, value) => byLabel.get(key)?.get(value) ?? [],
    workloads,
  };
}

/** Whether a workload's pod template carries `key: value` (what `WorkspaceIndex.withLabel` answers). */
export const hasLabel = (object: KubeObject, key: string, value: string): boolean =>
  object.podLabels !== undefined && Object.hasOwn(object.podLabels, key) && object.podLabels[key] === value;
