import type { Topology, TopologyEdge, TopologyNode } from '../../../../server/src/service/protocol';

/**
 * Places a topology's nodes and routes its edges with dagre (a layered layout, left to right: ports → services →
 * networks, volumes, secrets). Plain data in, plain data out: no vscode, so the bench times exactly this. Nodes and
 * edges go in sorted by id, so the same graph always gets the same picture, and an edit that changes one service
 * moves little else.
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

const NODE_HEIGHT = 46;
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

export function layoutTopology(topology: Topology): GraphLayout {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, edgesep: 10, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  const nodes = [...topology.nodes].sort((a, b) => a.id.localeCompare(b.id));
  for (const node of nodes) graph.setNode(node.id, { width: nodeWidth(node), height: NODE_HEIGHT });
  const edges = topology.edges
    .map((edge, index) => ({ edge, key: `${edge.from}\u0000${edge.to}\u0000${edge.kind}\u0000${index}` }))
    .sort((a, b) => a.key.localeCompare(b.key));
  for (const { edge, key } of edges)
    if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to, {}, key);
  dagreLayout(graph);
  const onCycle = cycleEdges(topology.cycles);
  const label = graph.graph();
  return {
    width: Math.ceil(label.width ?? 0),
    height: Math.ceil(label.height ?? 0),
    nodes: nodes.map((node) => {
      const placed = graph.node(node.id);
      return { ...node, x: placed.x, y: placed.y, width: placed.width, height: placed.height };
    }),
    edges: edges.flatMap(({ edge, key }) => {
      const routed = graph.hasNode(edge.from) && graph.hasNode(edge.to) ? graph.edge(edge.from, edge.to, key) : undefined;
      if (!routed) return [];
      const inCycle = edge.kind === 'depends_on' && onCycle.has(`${edge.from}\u0000${edge.to}`);
      return [{ ...edge, points: (routed.points ?? []).map((p) => ({ x: p.x, y: p.y })), inCycle }];
    }),
    cycleNodes: new Set(topology.cycles.flat()),
  };
}
