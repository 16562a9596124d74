import {
  asRecord,
  buildComposeModel,
  deploymentName,
  pointerOf,
  projectDefinitions,
  serviceReferences,
  walkDependencies,
  type ComposeModel,
  type Reference,
  type Section,
} from '@stevedore/model';
import type { ValidationContext } from '../context';
import { environmentOf, lookupIn } from '../compose/project';
import { hostOf } from '../context';
import type { Topology, TopologyEdge, TopologyNode } from '../protocol';
import type { SourceFile } from '../sourceFile';

/**
 * The graph of a Compose project or a stack, from the model the diagnostics use: services (with replicas),
 * networks, volumes, secrets, configs and published ports as nodes; depends_on (with its condition), network
 * membership, mounts, secrets, configs, links, extends and published ports as edges. A name the project defines
 * nowhere (in this file, its includes, its base or override) is a missing node with dangling edges, as the
 * `compose/undefined-reference` rule reports it. depends_on cycles come from the model's one walk.
 */

const SECTION_KIND: Record<Section, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
};

/** The service key a reference was read from, as the edge's kind. */
function edgeKind(reference: Reference, servicePointer: string): string {
  const field = reference.pointer.slice(servicePointer.length + 1).split('/')[0] ?? '';
  if (field === 'networks' || field === 'network_mode') return field === 'networks' ? 'network' : 'network_mode';
  if (field === 'volumes') return 'mount';
  if (field === 'secrets' || field === 'configs') return field.slice(0, -1);
  return field;
}

function replicasOf(service: Record<string, unknown>): string {
  const deploy = asRecord(service['deploy']);
  if (deploy['mode'] === 'global') return 'global';
  const count = scalarText(deploy['replicas'] ?? service['scale'] ?? 1);
  return `${count} replica${count === '1' ? '' : 's'}`;
}

/** What an edge says beyond its kind: depends_on's condition, a mount's target. */
function edgeLabel(kind: string, model: ComposeModel, reference: Reference): string | undefined {
  if (kind === 'depends_on') {
    const condition = asRecord(valueAt(model, reference.pointer))['condition'];
    return typeof condition === 'string' ? condition.replace(/^service_/, '') : 'started';
  }
  if (kind === 'mount') {
    const entry = valueAt(model, reference.pointer.replace(/\/source$/, ''));
    if (typeof entry === 'string') return entry.split(':')[1];
    const target = asRecord(entry)['target'];
    return typeof target === 'string' ? target : undefined;
  }
  return undefined;
}

function valueAt(model: ComposeModel, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((value, key) => (Array.isArray(value) ? value[Number(key)] : asRecord(value)[key]), model.value);
}

/** A string or number as written; anything else (a map where a scalar belongs) is empty. */
export const scalarText = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** Published ports of a service: `host → container/proto` for each short or long entry that publishes one. */
export function publishedPorts(ports: unknown): { published: string; target: string; protocol: string }[] {
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((entry) => {
    if (typeof entry === 'string' || typeof entry === 'number') {
      const [mapping = '', protocol = 'tcp'] = String(entry).split('/');
      const parts = mapping.split(':');
      if (parts.length < 2) return [];
      const target = parts[parts.length - 1] ?? '';
      const published = parts[parts.length - 2] ?? '';
      return published ? [{ published, target, protocol }] : [];
    }
    const long = asRecord(entry);
    const published = scalarText(long['published']);
    if (!published) return [];
    const protocol = typeof long['protocol'] === 'string' ? long['protocol'] : 'tcp';
    return [{ published, target: scalarText(long['target']), protocol }];
  });
}

export function composeTopology(file: SourceFile, context: ValidationContext): Topology | undefined {
  const document = file.yaml.documents[0];
  if (!document) return undefined;
  const env = environmentOf(file.uri, context);
  const model = buildComposeModel(file.yaml, document, lookupIn(env));
  const root = asRecord(model.value);
  const services = asRecord(root['services']);
  const defined = projectDefinitions(hostOf(context), file.uri, model.value, env).names;
  const nodes = new Map<string, TopologyNode>();
  const edges: TopologyEdge[] = [];
  const at = (pointer: string): Pick<TopologyNode, 'uri' | 'range'> => {
    const range = model.keyRange(pointer);
    return range ? { uri: file.uri, range } : {};
  };
  for (const section of ['networks', 'volumes', 'secrets', 'configs'] as const)
    for (const name of Object.keys(asRecord(root[section]))) {
      const kind = SECTION_KIND[section];
      nodes.set(`${kind}:${name}`, { id: `${kind}:${name}`, kind, label: name, ...at(pointerOf(`/${section}`, name)) });
    }
  for (const [name, raw] of Object.entries(services)) {
    const service = asRecord(raw);
    const image = typeof service['image'] === 'string' ? ` · ${service['image']}` : '';
    const pointer = pointerOf('/services', name);
    nodes.set(`service:${name}`, {
      id: `service:${name}`,
      kind: 'service',
      label: name,
      detail: `${replicasOf(service)}${image}`,
      service: name,
      ...at(pointer),
    });
  }
  for (const [name, raw] of Object.entries(services)) {
    const service = asRecord(raw);
    const pointer = pointerOf('/services', name);
    edges.push(...referenceEdges(model, service, pointer, name, nodes, defined));
    for (const port of publishedPorts(service['ports'])) {
      const id = `port:${port.published}/${port.protocol}`;
      if (!nodes.has(id)) nodes.set(id, { id, kind: 'port', label: port.published, detail: port.protocol });
      edges.push({
        from: id,
        to: `service:${name}`,
        kind: 'publishes',
        label: `${port.published}→${port.target}/${port.protocol}`,
      });
    }
  }
  const cycles = walkDependencies(services).cycles.map((c) => c.services.map((s) => `service:${s}`));
  return {
    uri: file.uri,
    kind: file.kind === 'stack' ? 'stack' : 'compose',
    name: deploymentName({
      kind: file.kind === 'stack' ? 'stack' : 'compose',
      file: file.uri,
      ...(typeof root['name'] === 'string' ? { written: root['name'] } : {}),
    }),
    nodes: [...nodes.values()],
    edges,
    cycles,
  };
}

/** A service's references as edges; an undefined target becomes a missing node (defined in no file of the project). */
function referenceEdges(
  model: ComposeModel,
  service: Record<string, unknown>,
  pointer: string,
  name: string,
  nodes: Map<string, TopologyNode>,
  defined: { readonly [S in Section]: ReadonlySet<string> },
): TopologyEdge[] {
  const edges: TopologyEdge[] = [];
  const references = serviceReferences(service, pointer);
  // A service on no network and without network_mode joins the project's `default` network.
  if (!('networks' in service) && !('network_mode' in service)) {
    nodes.set('network:default', nodes.get('network:default') ?? { id: 'network:default', kind: 'network', label: 'default' });
    edges.push({ from: `service:${name}`, to: 'network:default', kind: 'network' });
  }
  for (const reference of references) {
    const kind = edgeKind(reference, pointer);
    const targetKind = SECTION_KIND[reference.section];
    const to = `${targetKind}:${reference.name}`;
    const missing =
      !defined[reference.section].has(reference.name) && !(reference.section === 'networks' && reference.name === 'default');
    if (!nodes.has(to)) nodes.set(to, { id: to, kind: targetKind, label: reference.name, ...(missing ? { missing: true } : {}) });
    const label = edgeLabel(kind, model, reference);
    edges.push({ from: `service:${name}`, to, kind, ...(label ? { label } : {}), ...(missing ? { missing: true } : {}) });
  }
  return edges;
}
