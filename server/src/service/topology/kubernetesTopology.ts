import { isScalar, type Document, type Node } from 'yaml';
import { dirnameUri, objectReferences, resolveUri, type ObjectReference } from '@stevedore/model';
import { documentKinds } from '../classify';
import { hostOf, type ValidationContext } from '../context';
import { asArray, asObject, podTemplateOf, selects } from '../kubernetes/objects';
import type { Topology, TopologyEdge, TopologyNode } from '../protocol';
import { createSourceFile, type SourceFile } from '../sourceFile';
import { scalarText } from './composeTopology';

/**
 * The graph of the Kubernetes manifests in one folder (the file's and its siblings', the open text over the disk):
 * workloads, Pods, Services, Ingresses, ConfigMaps, Secrets, PVCs and ServiceAccounts as nodes; edges from a
 * Service's selector to the workloads whose pod labels it selects, and from what the model's reference table says
 * an object names (envFrom, valueFrom, volumes, an Ingress's backends, the service account). A name defined neither
 * in the folder nor elsewhere in the workspace is a missing node with dangling edges.
 */

const MAX_FILES = 200;
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

interface Placed {
  readonly object: Record<string, unknown>;
  readonly node: TopologyNode;
  readonly namespace: string;
}

const idOf = (kind: string, namespace: string, name: string): string => `${kind}:${namespace ? `${namespace}/` : ''}${name}`;

function detailOf(object: Record<string, unknown>): string | undefined {
  const spec = asObject(object['spec']);
  if (object['kind'] === 'Service') return typeof spec['type'] === 'string' ? spec['type'] : 'ClusterIP';
  if (object['kind'] === 'DaemonSet') return 'on every node';
  if (object['kind'] === 'CronJob') return typeof spec['schedule'] === 'string' ? spec['schedule'] : undefined;
  if (WORKLOADS.has(String(object['kind'])) && object['kind'] !== 'Pod' && object['kind'] !== 'Job') {
    const replicas = scalarText(spec['replicas'] ?? 1);
    return `${replicas} replica${replicas === '1' ? '' : 's'}`;
  }
  return undefined;
}

function placeDocument(file: SourceFile, document: Document.Parsed): Placed[] {
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch {
    return [];
  }
  const top = asObject(value);
  const items = typeof top['kind'] === 'string' && top['kind'].endsWith('List') ? asArray(top['items']).map(asObject) : [top];
  const name = document.getIn(['metadata', 'name'], true) as Node | undefined;
  const range = items.length === 1 && isScalar(name) && name.range ? file.yaml.rangeOf(name.range[0], name.range[1]) : undefined;
  return items.flatMap((object) => {
    const metadata = asObject(object['metadata']);
    const kind = object['kind'];
    if (typeof kind !== 'string' || typeof metadata['name'] !== 'string') return [];
    const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
    const detail = detailOf(object);
    const node: TopologyNode = {
      id: idOf(kind, namespace, metadata['name']),
      kind,
      label: metadata['name'],
      ...(detail ? { detail } : {}),
      uri: file.uri,
      ...(range ? { range } : {}),
    };
    return [{ object, node, namespace }];
  });
}

/** The folder's manifests: this file as the session holds it, the others read through the host. */
function folderFiles(file: SourceFile, context: ValidationContext): SourceFile[] {
  const host = hostOf(context);
  const folder = dirnameUri(file.uri);
  const others = (host.listDirectory?.(folder) ?? [])
    .filter((entry) => !entry.directory && /\.ya?ml$/.test(entry.name))
    .map((entry) => resolveUri(file.uri, entry.name))
    .filter((uri) => uri !== file.uri)
    .slice(0, MAX_FILES);
  return [
    file,
    ...others.flatMap((uri) => {
      const text = host.readFile(uri);
      return text === undefined ? [] : [createSourceFile(uri, 0, text, 'kubernetes')];
    }),
  ];
}

function edgeKindOf(reference: ObjectReference): string {
  if (reference.pointer.includes('/envFrom/')) return 'envFrom';
  if (reference.pointer.includes('/valueFrom/')) return 'valueFrom';
  if (reference.pointer.includes('/volumes/')) return 'volume';
  if (reference.pointer.includes('ackend/')) return 'backend';
  return 'serviceAccount';
}

export function kubernetesTopology(file: SourceFile, context: ValidationContext): Topology {
  const placed = folderFiles(file, context).flatMap((source) => {
    const kinds = documentKinds('kubernetes', source.yaml.documents);
    return source.yaml.documents.flatMap((d, i) =>
      d.errors.length > 0 || kinds[i] !== 'kubernetes' ? [] : placeDocument(source, d),
    );
  });
  const nodes = new Map(placed.map((p) => [p.node.id, p.node]));
  const workspace = context.kubernetes?.objects?.() ?? [];
  const find = (kind: string, namespace: string, name: string): string | undefined =>
    placed.find((p) => p.node.kind === kind && p.node.label === name && (!p.namespace || !namespace || p.namespace === namespace))
      ?.node.id;
  const edges: TopologyEdge[] = [];
  for (const { object, node, namespace } of placed) {
    for (const reference of objectReferences(object, '')) {
      let to = find(reference.kind, namespace, reference.name);
      if (!to) {
        to = idOf(reference.kind, namespace, reference.name);
        const elsewhere = workspace.find((o) => o.kind === reference.kind && o.name === reference.name);
        const at = elsewhere?.nameRange ? { uri: elsewhere.uri, range: elsewhere.nameRange } : {};
        if (!nodes.has(to))
          nodes.set(to, { id: to, kind: reference.kind, label: reference.name, ...(elsewhere ? at : { missing: true }) });
      }
      edges.push({ from: node.id, to, kind: edgeKindOf(reference), ...(nodes.get(to)?.missing ? { missing: true } : {}) });
    }
    if (object['kind'] === 'Service') edges.push(...selectorEdges(object, node, namespace, placed));
  }
  return {
    uri: file.uri,
    kind: 'kubernetes',
    name: dirnameUri(file.uri).replace(/\/$/, '').split('/').pop() ?? '',
    nodes: [...nodes.values()],
    edges,
    cycles: [],
  };
}

/** A Service → each workload of its namespace whose pod template's labels its selector selects. */
function selectorEdges(
  service: Record<string, unknown>,
  node: TopologyNode,
  namespace: string,
  placed: readonly Placed[],
): TopologyEdge[] {
  const selector = asObject(asObject(service['spec'])['selector']);
  if (Object.keys(selector).length === 0) return [];
  return placed
    .filter((p) => WORKLOADS.has(p.node.kind) && (!p.namespace || !namespace || p.namespace === namespace))
    .filter((p) => {
      const labels = asObject(asObject(podTemplateOf(p.object)?.['metadata'])['labels']);
      const strings = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
      return Object.keys(strings).length > 0 && selects(selector, strings, false);
    })
    .map((p) => ({
      from: node.id,
      to: p.node.id,
      kind: 'selector',
      label: Object.entries(selector)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(','),
    }));
}
