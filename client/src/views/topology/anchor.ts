import { MARGIN, NODE_HEIGHT, ROW_GAP, straight } from './layout';
import type { GraphLayout, PlacedNode, Placed, Point, RoutedEdge } from './layout';

/**
 * Keeps a graph's picture still while its file is edited. A fresh layout of the edited graph may put every node
 * elsewhere (dagre orders its layers anew), so a node kept from the previous picture keeps its place there; a new node
 * goes where the fresh layout puts it relative to its nearest kept neighbour, then down until it overlaps nothing; a
 * removed node leaves a gap. Plain data in, plain data out, like `layout.ts`.
 */

const edgeKey = (edge: { from: string; to: string; kind: string }): string => `${edge.from}\u0000${edge.to}\u0000${edge.kind}`;

const overlapping = (a: Placed, b: Placed): boolean =>
  Math.abs(a.x - b.x) < (a.width + b.width) / 2 + ROW_GAP / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2 + ROW_GAP / 2;

/** The kept node an edge of the fresh layout joins `id` to, the one nearest in the fresh picture. */
function nearestKept(
  id: string,
  fresh: GraphLayout,
  freshById: ReadonlyMap<string, PlacedNode>,
  kept: ReadonlyMap<string, Placed>,
): string | undefined {
  const self = freshById.get(id) as PlacedNode;
  const distance = (other: string): number => {
    const at = freshById.get(other) as PlacedNode;
    return Math.hypot(at.x - self.x, at.y - self.y);
  };
  return fresh.edges
    .flatMap((e) => (e.from === id ? [e.to] : e.to === id ? [e.from] : []))
    .filter((other) => kept.has(other))
    .sort((a, b) => distance(a) - distance(b) || a.localeCompare(b))[0];
}

/** Where a new node starts: beside its nearest kept neighbour as the fresh layout has them, else below everything. */
function startingPlace(
  node: PlacedNode,
  fresh: GraphLayout,
  freshById: ReadonlyMap<string, PlacedNode>,
  kept: ReadonlyMap<string, Placed>,
  bottom: number,
): Placed {
  const anchor = nearestKept(node.id, fresh, freshById, kept);
  if (anchor === undefined) return { ...node, y: bottom + ROW_GAP + node.height / 2 };
  const was = freshById.get(anchor) as PlacedNode;
  const now = kept.get(anchor) as Placed;
  return { ...node, x: now.x + node.x - was.x, y: now.y + node.y - was.y };
}

/**
 * The fresh layout of an edited graph with the previous picture's places kept. Nodes in both keep their centre;
 * new ones are placed near their neighbours without overlapping; an edge keeps its route when its ends stayed put.
 */
export function anchorLayout(fresh: GraphLayout, previous: GraphLayout | undefined): GraphLayout {
  if (!previous) return fresh;
  const before = new Map(previous.nodes.map((n) => [n.id, n]));
  const freshById = new Map(fresh.nodes.map((n) => [n.id, n]));
  const kept = new Map<string, Placed>();
  for (const node of fresh.nodes) {
    const was = before.get(node.id);
    if (was) kept.set(node.id, { ...node, x: was.x, y: was.y });
  }
  if (kept.size === 0) return fresh;
  const placed = new Map(kept);
  let bottom = Math.max(...[...kept.values()].map((n) => n.y + n.height / 2));
  for (const node of fresh.nodes.filter((n) => !kept.has(n.id))) {
    const spot = startingPlace(node, fresh, freshById, kept, bottom);
    spot.x = Math.max(spot.x, MARGIN + spot.width / 2);
    spot.y = Math.max(spot.y, MARGIN + spot.height / 2);
    while ([...placed.values()].some((other) => overlapping(spot, other))) spot.y += NODE_HEIGHT / 2 + ROW_GAP;
    placed.set(node.id, spot);
    bottom = Math.max(bottom, spot.y + spot.height / 2);
  }
  const routes = new Map(previous.edges.map((e) => [edgeKey(e), e.points]));
  const unmoved = (id: string): boolean => {
    const was = before.get(id);
    const now = placed.get(id) as Placed;
    return was !== undefined && was.width === now.width && was.height === now.height;
  };
  const edges: RoutedEdge[] = fresh.edges.map((edge) => {
    const route: readonly Point[] | undefined = routes.get(edgeKey(edge));
    const stays = route !== undefined && unmoved(edge.from) && unmoved(edge.to);
    const points = stays ? route : straight(placed.get(edge.from) as Placed, placed.get(edge.to) as Placed);
    return { ...edge, points };
  });
  const nodes = fresh.nodes.map((n) => placed.get(n.id) as Placed);
  return {
    width: Math.ceil(Math.max(0, ...nodes.map((n) => n.x + n.width / 2)) + MARGIN),
    height: Math.ceil(Math.max(0, ...nodes.map((n) => n.y + n.height / 2)) + MARGIN),
    nodes,
    edges,
    cycleNodes: fresh.cycleNodes,
  };
}
