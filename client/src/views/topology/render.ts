import type { GraphLayout, PlacedNode, Point, RoutedEdge } from './layout';

/**
 * A laid-out topology as SVG markup: one `<g class="node">` per node (focusable, with its id, kind and live state
 * as data attributes and an accessible name) and one `<g class="edge">` per edge. Colours are classes whose CSS
 * (`TOPOLOGY_CSS`) reads VS Code's theme variables, with fallbacks for an exported file. Plain strings, no vscode:
 * the bench and the unit tests run it as it is.
 */

/** A service's live state on the engine, as the graph shows it. */
export interface NodeLiveState {
  /** `running`, `partial`, `unhealthy`, `restarting`, `stopped`, `not-deployed`. */
  readonly state: string;
  /** `2/3 running`, `unhealthy`… */
  readonly text: string;
  /** Resource use, when the graph shows it. */
  readonly stats?: string;
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const round = (n: number): string => String(Math.round(n * 10) / 10);

function pathOf(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  return `M${round(first?.x ?? 0)},${round(first?.y ?? 0)}${rest.map((p) => ` L${round(p.x)},${round(p.y)}`).join('')}`;
}

/** Whose services these are, for the context menu's commands (`{ project }` or `{ stack }`). */
export type GraphOwner = { readonly project: string } | { readonly stack: string };

function nodeMarkup(
  node: PlacedNode,
  onCycle: boolean,
  live: NodeLiveState | undefined,
  index: number,
  owner?: GraphOwner,
): string {
  const left = node.x - node.width / 2;
  const top = node.y - node.height / 2;
  const state = live ? ` state-${live.state}` : '';
  const classes = `node kind-${node.kind.replace(/[^A-Za-z0-9_-]/g, '')}${node.missing ? ' missing' : ''}${onCycle ? ' cycle' : ''}${state}`;
  const second = [node.detail, live?.text, live?.stats].filter(Boolean).join(' · ');
  const name = `${node.kind} ${node.label}${node.missing ? ', not defined' : ''}${onCycle ? ', on a depends_on cycle' : ''}${second ? `, ${second}` : ''}`;
  const menu = { webviewSection: 'service', ...owner, service: node.service, preventDefaultContextMenuItems: true };
  const context = node.service && owner ? ` data-vscode-context="${escape(JSON.stringify(menu))}"` : '';
  return [
    `<g class="${classes}" data-id="${escape(node.id)}" data-index="${index}" tabindex="0" role="button" aria-label="${escape(name)}"${context}>`,
    `<title>${escape(name)}</title>`,
    `<rect x="${round(left)}" y="${round(top)}" width="${round(node.width)}" height="${round(node.height)}" rx="6"/>`,
    `<text class="label" x="${round(left + 10)}" y="${round(top + 18)}"><tspan class="kind">${escape(node.kind)}</tspan> ${escape(node.label)}</text>`,
    second ? `<text class="detail" x="${round(left + 10)}" y="${round(top + 35)}">${escape(second)}</text>` : '',
    '</g>',
  ].join('');
}

/** Halfway along the polyline's middle segment. */
function midpoint(points: readonly Point[]): Point | undefined {
  const i = Math.max(0, Math.floor((points.length - 1) / 2));
  const a = points[i];
  const b = points[i + 1] ?? a;
  return a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : undefined;
}

function edgeMarkup(edge: RoutedEdge): string {
  const classes = `edge kind-${edge.kind.replace(/[^A-Za-z0-9_-]/g, '')}${edge.missing ? ' missing' : ''}${edge.inCycle ? ' cycle' : ''}`;
  const middle = midpoint(edge.points);
  // The nodes' kinds say what most edges are; a label says what they do not (a condition, a mount's target).
  const shown = ['depends_on', 'publishes', 'selector', 'network', 'mount', 'secret', 'config'].includes(edge.kind)
    ? ''
    : edge.kind;
  const full = [shown, edge.label].filter(Boolean).join(': ');
  const text = full.length > 24 ? `${full.slice(0, 23)}…` : full;
  const label =
    text && middle ? `<text class="edge-label" x="${round(middle.x)}" y="${round(middle.y - 4)}">${escape(text)}</text>` : '';
  return `<g class="${classes}" data-from="${escape(edge.from)}" data-to="${escape(edge.to)}" data-kind="${escape(edge.kind)}"><path d="${pathOf(edge.points)}" marker-end="url(#arrow${edge.missing ? '-missing' : ''})"/>${label}</g>`;
}

/** The graph's SVG element (no CSS: see TOPOLOGY_CSS). */
export function renderTopologySvg(
  layout: GraphLayout,
  live: ReadonlyMap<string, NodeLiveState> = new Map(),
  owner?: GraphOwner,
): string {
  const defs =
    '<defs>' +
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M0,0 L10,5 L0,10 z"/></marker>' +
    '<marker id="arrow-missing" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow missing" d="M0,0 L10,5 L0,10 z"/></marker>' +
    '</defs>';
  const width = Math.max(layout.width, 200);
  const height = Math.max(layout.height, 80);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group">`,
    defs,
    ...layout.edges.map(edgeMarkup),
    ...layout.nodes.map((node, i) => nodeMarkup(node, layout.cycleNodes.has(node.id), live.get(node.id), i, owner)),
    '</svg>',
  ].join('');
}

/** The graph's styles: VS Code's theme colours in the editor, their fallbacks in an exported file. */
export const TOPOLOGY_CSS = `
svg.topology { font-family: var(--vscode-font-family, sans-serif); font-size: 12px; }
.node rect { fill: var(--vscode-editorWidget-background, #f3f3f3); stroke: var(--vscode-editorWidget-border, #8a8a8a); stroke-width: 1.2; }
.node text { fill: var(--vscode-editor-foreground, #1e1e1e); }
.node .kind { fill: var(--vscode-descriptionForeground, #6a6a6a); font-size: 10px; }
.node .detail { fill: var(--vscode-descriptionForeground, #6a6a6a); font-size: 11px; }
.node.kind-service rect { stroke: var(--vscode-charts-blue, #1a85ff); stroke-width: 1.6; }
.node.kind-port rect { stroke: var(--vscode-charts-purple, #8a5cf5); }
.node.state-running rect { stroke: var(--vscode-testing-iconPassed, #388a34); stroke-width: 2.2; }
.node.state-partial rect, .node.state-restarting rect, .node.state-unhealthy rect { stroke: var(--vscode-editorWarning-foreground, #bf8803); stroke-width: 2.2; }
.node.state-not-deployed rect, .node.state-stopped rect { stroke-dasharray: 5 3; }
.node.missing rect { stroke: var(--vscode-errorForeground, #e51400); stroke-dasharray: 4 3; fill: none; }
.node.missing text { fill: var(--vscode-errorForeground, #e51400); }
.node.cycle rect { stroke: var(--vscode-errorForeground, #e51400); stroke-width: 3; }
.node { cursor: pointer; outline: none; }
.node:focus rect, .node:hover rect { stroke: var(--vscode-focusBorder, #0090f1); stroke-width: 3; }
.edge path { fill: none; stroke: var(--vscode-editorLineNumber-foreground, #8a8a8a); stroke-width: 1.3; }
.edge.kind-depends_on path { stroke: var(--vscode-charts-blue, #1a85ff); }
.edge.kind-network path, .edge.kind-selector path { stroke-dasharray: 6 3; }
.edge.missing path { stroke: var(--vscode-errorForeground, #e51400); stroke-width: 1.8; }
.edge.cycle path { stroke: var(--vscode-errorForeground, #e51400); stroke-width: 2.6; }
.arrow { fill: var(--vscode-editorLineNumber-foreground, #8a8a8a); }
.arrow.missing { fill: var(--vscode-errorForeground, #e51400); }
.edge-label { fill: var(--vscode-descriptionForeground, #6a6a6a); font-size: 10px; text-anchor: middle; }
`;

/** A standalone SVG file: the graph with its styles inside (the theme variables fall back to light colours). */
export function exportableSvg(svg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.replace(/^<svg([^>]*)>/, (open) => `${open}<style>${TOPOLOGY_CSS}</style>`)}\n`;
}
