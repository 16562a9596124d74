import type { Topology, TopologyEdge, TopologyNode } from '../../../../server/src/service/protocol';

/**
 * Places a topology's nodes and routes its edges with dagre (a layered layout, left to right: ports → services →
 * networks, volumes, secrets). Plain data in, plain data out: no vscode, so the bench times exactly this. Nodes and
 * edges go in sorted by id, so the same graph always gets the same picture; between edits, `anchor.ts` keeps the
 * previous picture's places.
 */

/**
 * The part of dagre used here. dagre ships CommonJS (`dist/dagre.cjs`, its `require` export) with types that
 * TypeScript reads as an ES module (the package is `"type": "module"`), which a CommonJS build cannot import; so the
 * code comes through require and its shape is declared here, checked by the unit test that lays out a graph.
 */
interface DagreGraph {
  setGraph(label: Record<string, unknown>): void;
  setDefaultEdgeLabel(make: () => object): void;
  setNode(id: string, label: { width: number; height: number }): void;
  setEdge(from: string, to: string, label: object, name: string): void;
  hasNode(id: string): boolean;
  graph(): { width?: number; height?: number };
  node(id: string): { x: number; y: number; width: number; height: number };
  edge(from: string, to: string, name: string): { points?: Point[] } | undefined;
}
interface Dagre {
  Graph: new (options: { multigraph: boolean }) => DagreGraph;
  layout: (graph: DagreGraph) => void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Graph, layout: dagreLayout } = require('@dagrejs/dagre') as Dagre;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode extends TopologyNode {
  /** The centre. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface RoutedEdge extends TopologyEdge {
  readonly points: readonly Point[];
  /** Part of a depends_on cycle. */
  readonly inCycle: boolean;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly RoutedEdge[];
  /** Ids of nodes on a cycle. */
  readonly cycleNodes: ReadonlySet<string>;
}

export const NODE_HEIGHT = 46;
const CHAR_WIDTH = 7.2;

/** Wide enough for the label and the detail line, within bounds. */
export function nodeWidth(node: TopologyNode): number {
  const text = Math.max(node.label.length + node.kind.length + 3, (node.detail ?? '').length * 0.9);
  return Math.min(280, Math.max(110, Math.round(text * CHAR_WIDTH + 28)));
}

/** Consecutive pairs of each cycle (`a → b → a` gives a→b, b→a). */
function cycleEdges(cycles: Topology['cycles']): Set<string> {
  const pairs = new Set<string>();
  for (const cycle of cycles) for (let i = 0; i + 1 < cycle.length; i++) pairs.add(`${cycle[i]}\u0000${cycle[i + 1]}`);
  return pairs;
}

/**
 * Kinds a Compose graph places beside the services instead of handing to dagre: networks, volumes, secrets and
 * configs in one column on the right, each as near the services it serves as the others allow. Edges to them span
 * many layers, which is where dagre's ordering spends its time (a 100-service project took seconds); the services,
 * their ports and their depends_on edges, the part whose order matters, are dagre's.
 */
const BESIDE: Readonly<Record<string, number>> = { network: 0, volume: 0, secret: 0, config: 0 };
const COLUMN_GAP = 90;
export const ROW_GAP = 14;
export const MARGIN = 16;

export type Placed = Omit<PlacedNode, 'x' | 'y'> & { x: number; y: number };

function layoutCore(nodes: readonly TopologyNode[], edges: readonly { edge: TopologyEdge; key: string }[]) {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, edgesep: 10, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: nodeWidth(node), height: NODE_HEIGHT });
  for (const { edge, key } of edges) graph.setEdge(edge.from, edge.to, {}, key);
  dagreLayout(graph);
  const placed = new Map<string, Placed>();
  for (const node of nodes) {
    const at = graph.node(node.id);
    placed.set(node.id, { ...node, x: at.x, y: at.y, width: at.width, height: at.height });
  }
  const routes = new Map(edges.map(({ key, edge }) => [key, graph.edge(edge.from, edge.to, key)?.points ?? []]));
  return { placed, routes };
}

/** Stacks a column's nodes, left-aligned at x, each as near its wanted y as the ones above it allow. */
function placeColumn(column: { node: TopologyNode; want: number }[], x: number, placed: Map<string, Placed>): void {
  let bottom = -Infinity;
  for (const { node, want } of column.sort((a, b) => a.want - b.want || a.node.id.localeCompare(b.node.id))) {
    const y = Math.max(want, bottom + ROW_GAP + NODE_HEIGHT / 2);
    placed.set(node.id, { ...node, x: x + nodeWidth(node) / 2, y, width: nodeWidth(node), height: NODE_HEIGHT });
    bottom = y + NODE_HEIGHT / 2;
  }
}

/** A straight edge between the facing sides of two placed nodes. */
export function straight(from: Placed, to: Placed): Point[] {
  const forward = from.x <= to.x;
  return [
    { x: from.x + (forward ? from.width / 2 : -from.width / 2), y: from.y },
    { x: to.x + (forward ? -to.width / 2 : to.width / 2), y: to.y },
  ];
}

export function layoutTopology(topology: Topology): GraphLayout {
  const beside = (node: TopologyNode): boolean => topology.kind !== 'kubernetes' && node.kind in BESIDE;
  const nodes = [...topology.nodes].sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = topology.edges
    .filter((edge) => byId.has(edge.from) && byId.has(edge.to))
    .map((edge, index) => ({ edge, key: `${edge.from}\u0000${edge.to}\u0000${edge.kind}\u0000${index}` }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const isCore = (id: string): boolean => !beside(byId.get(id) as TopologyNode);
  const coreEdges = edges.filter(({ edge }) => isCore(edge.from) && isCore(edge.to));
  const { placed, routes } = layoutCore(
    nodes.filter((n) => !beside(n)),
    coreEdges,
  );
  const core = [...placed.values()];
  const right = Math.max(0, ...core.map((n) => n.x + n.width / 2));
  const neighbours = (id: string): Placed[] =>
    edges
      .flatMap(({ edge }) => [edge.from === id ? edge.to : edge.to === id ? edge.from : ''])
      .flatMap((other) => placed.get(other) ?? []);
  const columns = new Map<number, { node: TopologyNode; want: number }[]>();
  for (const node of nodes.filter(beside)) {
    const near = neighbours(node.id);
    const want = near.length ? near.reduce((sum, n) => sum + n.y, 0) / near.length : 0;
    const column = BESIDE[node.kind] ?? 0;
    columns.set(column, [...(columns.get(column) ?? []), { node, want }]);
  }
  const widest = (column: { node: TopologyNode }[]): number => Math.max(...column.map((c) => nodeWidth(c.node)));
  let x = right + COLUMN_GAP;
  for (const index of [0]) {
    const column = columns.get(index);
    if (!column) continue;
    placeColumn(column, x, placed);
    x += widest(column) + COLUMN_GAP;
  }
  return finish(topology, [...placed.values()], edges, (edge, key) => {
    const from = placed.get(edge.from) as Placed;
    const to = placed.get(edge.to) as Placed;
    return isCore(edge.from) && isCore(edge.to) ? (routes.get(key) ?? straight(from, to)) : straight(from, to);
  });
}

/** Moves everything to start at the margin, and marks the cycles. */
function finish(
  topology: Topology,
  nodes: readonly Placed[],
  edges: readonly { edge: TopologyEdge; key: string }[],
  route: (edge: TopologyEdge, key: string) => readonly Point[],
): GraphLayout {
  const minX = Math.min(...nodes.map((n) => n.x - n.width / 2), 0);
  const minY = Math.min(...nodes.map((n) => n.y - n.height / 2), 0);
  const dx = MARGIN - minX;
  const dy = MARGIN - minY;
  const moved = nodes.map((n) => ({ ...n, x: n.x + dx, y: n.y + dy }));
  const onCycle = cycleEdges(topology.cycles);
  return {
    width: Math.ceil(Math.max(0, ...moved.map((n) => n.x + n.width / 2)) + MARGIN),
    height: Math.ceil(Math.max(0, ...moved.map((n) => n.y + n.height / 2)) + MARGIN),
    nodes: moved,
    edges: edges.map(({ edge, key }) => ({
      ...edge,
      points: route(edge, key).map((p) => ({ x: p.x + dx, y: p.y + dy })),
      inCycle: edge.kind === 'depends_on' && onCycle.has(`${edge.from}\u0000${edge.to}`),
    })),
    cycleNodes: new Set(topology.cycles.flat()),
  };
}
