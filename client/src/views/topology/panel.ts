import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { StatsWatcher, VIEW_EVENTS, watchEngineEvents, type Engine, type EventWatch } from '../../engine';
import type { EngineHolder } from '../../engineHolder';
import { type Topology, type TopologyParams, type TopologyResult } from '../../../../server/src/service/protocol';
import { anchorLayout } from './anchor';
import { layoutTopology } from './layout';
import { exportableSvg, renderTopologySvg, TOPOLOGY_CSS, type GraphOwner } from './render';
import { nodeStatsText, topologyLiveState, type TopologyLive } from './liveState';
import type { GraphLayout } from './layout';
import { webviewScript } from './webviewScript';

/**
 * The topology view of one file: a webview showing the graph the language server builds (`stevedore/topology`),
 * laid out with dagre and drawn as SVG here, in the extension. It follows edits of the file and its folder
 * (debounced), and, while visible, the engine's container and service events for the services' live state (when the
 * engine goes away the page says so and keeps the last graph; the event stream reopens by itself and the live state
 * is read again). Click or
 * Enter on a node opens its definition; the toolbar exports the SVG. The page loads nothing remote: its CSP allows
 * only its own nonce'd style and script.
 */

/** What the webview's DOM shows after each render: the nodes and edges it drew (tests read this). */
export interface RenderedTopology {
  readonly uri: string;
  readonly nodes: readonly { readonly id: string; readonly classes: string; readonly label: string }[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly kind: string; readonly classes: string }[];
  /** Milliseconds from the request to the webview's report that it drew. */
  readonly elapsedMs: number;
}

const EDIT_DEBOUNCE_MS = 300;
const ENGINE_DEBOUNCE_MS = 500;
const DISCONNECTED = 'Disconnected from the engine; the live state is that of before. Reconnecting…';

export class TopologyPanel implements vscode.Disposable {
  private topology: Topology | undefined;
  private svg = '';
  private timer: NodeJS.Timeout | undefined;
  private events: EventWatch | undefined;
  private eventsEngine: Engine | undefined;
  private requested = 0;
  /** Resource use of the services' containers while the view is visible: one stats stream each. */
  private stats: StatsWatcher | undefined;
  private statsEngine: Engine | undefined;
  private drawn: { layout: GraphLayout; live: TopologyLive; owner: GraphOwner | undefined; started: number } | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  /** The last picture, so an edit keeps the places of the nodes it did not add (see `anchor.ts`). */
  private placed: { graph: string; layout: GraphLayout } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly uri: string,
    private readonly panel: vscode.WebviewPanel,
    private readonly request: (params: TopologyParams) => Promise<TopologyResult>,
    private readonly engines: EngineHolder,
    private readonly onRendered: (rendered: RenderedTopology) => void,
    private readonly onDispose: () => void,
  ) {
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = pageHtml(nonce, panel.webview.cspSource);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.follows(e.document.uri.toString())) this.schedule(EDIT_DEBOUNCE_MS);
      }),
      panel.onDidChangeViewState(() => {
        if (panel.visible) this.schedule(0);
        else this.stopEvents();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Edits of the file, or of a file beside it (an override, an included file, a sibling manifest). */
  private follows(changed: string): boolean {
    const folder = this.uri.slice(0, this.uri.lastIndexOf('/') + 1);
    return changed === this.uri || (changed.startsWith(folder) && /\.ya?ml$/.test(changed));
  }

  schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, delay);
  }

  /** Asks the server again, lays out, draws; then the live state, when an engine answers. */
  async update(): Promise<void> {
    const started = Date.now();
    this.requested = started;
    const result = await this.request({ uri: this.uri });
    if ('unavailable' in result) {
      this.topology = undefined;
      void this.panel.webview.postMessage({ type: 'unavailable', text: result.unavailable, started });
      return;
    }
    this.topology = result;
    this.panel.title = `Graph: ${result.name}`;
    const graph = `${result.kind} ${result.name}`;
    const layout = anchorLayout(layoutTopology(result), this.placed?.graph === graph ? this.placed.layout : undefined);
    this.placed = { graph, layout };
    const owner: GraphOwner | undefined =
      result.kind === 'compose' ? { project: result.name } : result.kind === 'stack' ? { stack: result.name } : undefined;
    this.svg = renderTopologySvg(layout, new Map(), owner);
    void this.panel.webview.postMessage({ type: 'graph', svg: this.svg, title: `${result.kind} ${result.name}`, started });
    if (result.kind === 'kubernetes' || !this.panel.visible) return;
    let engine: Engine;
    try {
      engine = await this.engines.get();
    } catch {
      return; // No engine or no trust: the graph without live state.
    }
    if (!this.panel.visible) return; // hidden meanwhile: a hidden panel holds no stream
    this.watch(engine);
    const live = await topologyLiveState(engine, result).catch(() => undefined);
    if (!live || this.requested !== started) return;
    this.drawn = { layout, live, owner, started };
    if (this.statsEngine !== engine) {
      this.stats?.clear();
      this.stats = new StatsWatcher(engine.docker, () => this.statsLater());
      this.statsEngine = engine;
    }
    this.stats?.show([...live.containers.values()].flat());
    this.redraw();
  }

  /** Draws the last graph with its live state and the latest resource use. */
  private redraw(): void {
    const drawn = this.drawn;
    const topology = this.topology;
    if (!drawn || !topology) return;
    const states = new Map(
      [...drawn.live.states].map(([id, state]) => {
        const stats = nodeStatsText(drawn.live.containers.get(id) ?? [], (c) => this.stats?.latest(c));
        return [id, stats ? { ...state, stats } : state];
      }),
    );
    this.svg = renderTopologySvg(drawn.layout, states, drawn.owner);
    void this.panel.webview.postMessage({
      type: 'graph',
      svg: this.svg,
      title: `${topology.kind} ${topology.name}`,
      started: drawn.started,
    });
  }

  /** Samples come each second per container: redraw at most every two seconds. */
  private statsLater(): void {
    this.statsTimer ??= setTimeout(() => {
      this.statsTimer = undefined;
      this.redraw();
    }, 2000);
  }

  private watch(engine: Engine): void {
    if (this.events && this.eventsEngine === engine) return;
    this.events?.stop();
    this.eventsEngine = engine;
    let lost = false;
    this.events = watchEngineEvents(engine.docker, VIEW_EVENTS.topology, {
      onEvent: () => this.schedule(ENGINE_DEBOUNCE_MS),
      onState: (state) => {
        if (state === 'disconnected') {
          lost = true;
          void this.panel.webview.postMessage({ type: 'status', text: DISCONNECTED });
        } else if (lost) this.schedule(0); // back: read the live state again (the redraw clears the message)
      },
    });
  }

  private stopEvents(): void {
    this.events?.stop();
    this.events = undefined;
    this.eventsEngine = undefined;
    this.stats?.clear();
    this.stats = undefined;
    this.statsEngine = undefined;
    if (this.statsTimer) clearTimeout(this.statsTimer);
    this.statsTimer = undefined;
  }

  private async receive(message: unknown): Promise<void> {
    const m = (typeof message === 'object' && message !== null ? message : {}) as Record<string, unknown>;
    if (m['type'] === 'open' && typeof m['id'] === 'string') await this.openDefinition(m['id']);
    else if (m['type'] === 'export') await this.exportSvg();
    else if (m['type'] === 'rendered') {
      const started = typeof m['started'] === 'number' ? m['started'] : Date.now();
      this.onRendered({
        uri: this.uri,
        nodes: Array.isArray(m['nodes']) ? (m['nodes'] as RenderedTopology['nodes']) : [],
        edges: Array.isArray(m['edges']) ? (m['edges'] as RenderedTopology['edges']) : [],
        elapsedMs: Date.now() - started,
      });
    }
  }

  async openDefinition(id: string): Promise<void> {
    const node = this.topology?.nodes.find((n) => n.id === id);
    if (!node?.uri) {
      void vscode.window.showInformationMessage(
        `${id.replace(':', ' ')} is ${node?.missing ? 'not defined anywhere' : 'not defined in a file'}`,
      );
      return;
    }
    const range = node.range
      ? new vscode.Range(node.range.start.line, node.range.start.character, node.range.end.line, node.range.end.character)
      : undefined;
    await vscode.window.showTextDocument(vscode.Uri.parse(node.uri), {
      viewColumn: vscode.ViewColumn.One,
      ...(range ? { selection: range } : {}),
    });
  }

  async exportSvg(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!this.svg) return undefined;
    const where =
      target ??
      (await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.parse(this.uri.replace(/[^/]*$/, `${this.topology?.name ?? 'graph'}.svg`)),
        filters: { SVG: ['svg'] },
      }));
    if (!where) return undefined;
    await vscode.workspace.fs.writeFile(where, Buffer.from(exportableSvg(this.svg), 'utf8'));
    return where;
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.stopEvents();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
    this.onDispose();
  }
}

function pageHtml(nonce: string, cspSource: string): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${cspSource}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); padding: 0 12px; }
header { display: flex; gap: 12px; align-items: center; padding: 8px 0; }
header h1 { font-size: 13px; font-weight: 600; margin: 0; flex: 1; }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button:focus { outline: 1px solid var(--vscode-focusBorder); }
#graph { overflow: auto; }
#message { color: var(--vscode-descriptionForeground); }
.legend { color: var(--vscode-descriptionForeground); font-size: 11px; }
${TOPOLOGY_CSS}
</style></head>
<body>
<header><h1 id="title">Loading the graph…</h1><span class="legend">Enter or click: open the definition · arrows: move between nodes · red: undefined or a cycle</span><button id="export" type="button">Export SVG</button></header>
<p id="message" role="status"></p>
<div id="graph" role="application" aria-label="Topology graph"></div>
<script nonce="${nonce}">${webviewScript}</script>
</body></html>`;
}
