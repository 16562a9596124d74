import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  findStatsTargets,
  NODE_PATIENCE_MS,
  StatsWatcher,
  VIEW_EVENTS,
  watchEngineEvents,
  type Engine,
  type EventWatch,
  type StatsTarget,
} from '../../engine';
import type { EngineHolder } from '../../engineHolder';
import { NODE_ENDPOINTS_SETTING, readableNodeEngines } from '../../taskTargets';
import { containerRow, StatsHistory, STATS_CSS, unavailableRow } from './statsChart';

/**
 * The resource use of a compose project's or stack's containers, as small charts of the last five minutes: one
 * webview per project or stack. A stack's tasks on other swarm nodes are read from those nodes' engines
 * (`stevedore.swarm.nodeEndpoints`, as Attach Shell reaches them), or shown as unavailable with the reason. While it
 * is visible it keeps one stats stream per running container (`StatsWatcher`) and follows container and service
 * events to notice containers starting and going; hidden, it holds none (and no node connection). When the engine
 * goes away it says so ("Disconnected from the engine"), and when the event stream is back (`watchEngineEvents`
 * retries by itself) it looks for the containers again and their streams reopen.
 */

/** What a stats panel's DOM shows after a redraw (tests read this). */
export interface RenderedStats {
  readonly name: string;
  readonly rows: readonly {
    readonly container: string;
    readonly cpu: string;
    readonly samples: number;
    /** Why its resource use cannot be read; empty when it can. */
    readonly unavailable: string;
  }[];
}

const REDRAW_MS = 2000;
const DISCONNECTED = 'Disconnected from the engine; reconnecting…';

const script = `
(() => {
  const vscode = acquireVsCodeApi();
  const body = document.getElementById('rows');
  window.addEventListener('message', (event) => {
    if (!event.data || event.data.type !== 'rows') return;
    body.innerHTML = event.data.html;
    vscode.postMessage({ type: 'rendered', rows: Array.from(body.querySelectorAll('tr[data-container]')).map((tr) => ({
      container: tr.dataset.container, cpu: tr.dataset.cpu || '', samples: Number(tr.dataset.samples || 0),
      unavailable: tr.dataset.unavailable || '',
    })) });
  });
})();`;

function page(nonce: string, name: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'">
<style nonce="${nonce}">
${STATS_CSS}
</style></head><body>
<h1>${name.replace(/[<&>"]/g, '')}: resource use, last five minutes</h1>
<table><tbody id="rows"><tr><td>Waiting for the engine…</td></tr></tbody></table>
<script nonce="${nonce}">${script}</script></body></html>`;
}

export class StatsPanel implements vscode.Disposable {
  private readonly history = new StatsHistory();
  private watcher: StatsWatcher | undefined;
  /** The engines of the swarm's other nodes, while the panel is visible. */
  private nodes: ReturnType<typeof readableNodeEngines> | undefined;
  /** The last failure to reach each node's engine, shown while it is tried again. */
  private readonly nodeFailures = new Map<string, string>();
  private events: EventWatch | undefined;
  private disconnected = false;
  /** Counts stops, so that a start that was waiting on the engine when the panel was hidden opens nothing. */
  private generation = 0;
  private targets: StatsTarget[] = [];
  private timer: NodeJS.Timeout | undefined;
  private again: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly name: string,
    private readonly panel: vscode.WebviewPanel,
    private readonly engines: EngineHolder,
    onRendered: (rendered: RenderedStats) => void,
    onDispose: () => void,
  ) {
    panel.webview.html = page(randomBytes(16).toString('base64'), name);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: { type?: string; rows?: RenderedStats['rows'] }) => {
        if (m.type === 'rendered') onRendered({ name, rows: Array.isArray(m.rows) ? m.rows : [] });
      }),
      panel.onDidChangeViewState(() => (panel.visible ? void this.start() : this.stop())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(NODE_ENDPOINTS_SETTING) || !this.nodes) return;
        void this.nodes.nodes.dispose();
        this.nodes = undefined;
        void this.start();
      }),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  /** Finds the containers, opens their streams and follows container events; again after each event. */
  async start(): Promise<void> {
    const generation = this.generation;
    let engine: Engine;
    try {
      engine = await this.engines.get();
    } catch (error) {
      void this.panel.webview.postMessage({ type: 'rows', html: `<tr><td>${String(error).replace(/[<&>]/g, '')}</td></tr>` });
      return;
    }
    if (generation !== this.generation) return; // stopped meanwhile: hidden panels hold no stream
    this.watcher ??= new StatsWatcher(engine.docker, (s) => {
      this.history.add(s);
      this.redrawLater();
    });
    this.events ??= watchEngineEvents(engine.docker, VIEW_EVENTS.statsPanel, {
      onEvent: () => this.startLater(),
      onState: (state) => {
        this.disconnected = state === 'disconnected';
        if (this.disconnected) this.redrawLater();
        else this.startLater();
      },
    });
    try {
      this.targets = await this.findTargets(engine);
    } catch {
      return; // the engine went away: the event stream says so, and this runs again when it is back
    }
    if (generation !== this.generation) return;
    this.history.keep(new Set(this.targets.map((t) => t.id)));
    this.watcher?.show(this.targets.filter((t) => !t.unavailable));
    this.redrawLater();
  }

  /** The targets, through the node engines as the setting was when the panel became visible. */
  private async findTargets(engine: Engine): Promise<StatsTarget[]> {
    if (this.nodes?.nodes.manager !== engine) {
      void this.nodes?.nodes.dispose();
      this.nodes = readableNodeEngines(engine);
      this.nodeFailures.clear();
    }
    const { nodes, problem } = this.nodes;
    // A node engine that does not answer does not hold the panel: its tasks show as connecting, and the panel looks
    // again once that engine answers or fails.
    const targets = await findStatsTargets(engine, this.name, nodes, {
      patienceMs: NODE_PATIENCE_MS,
      failures: this.nodeFailures,
      onLate: () => this.startLater(),
    });
    return problem ? targets.map((t) => (t.unavailable ? { ...t, unavailable: problem } : t)) : targets;
  }

  /** A container started or went: look again, once the burst of events is over. */
  private startLater(): void {
    if (this.again) clearTimeout(this.again);
    this.again = setTimeout(() => {
      this.again = undefined;
      void this.start();
    }, 500);
  }

  private redrawLater(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const html = this.disconnected
        ? `<tr><td>${DISCONNECTED}</td></tr>`
        : this.targets
            .map((t) => (t.unavailable ? unavailableRow(t.name, t.unavailable) : containerRow(t.name, this.history.of(t.id))))
            .join('');
      void this.panel.webview.postMessage({ type: 'rows', html: html || '<tr><td>No running container.</td></tr>' });
    }, REDRAW_MS);
  }

  stop(): void {
    this.generation++;
    this.watcher?.clear();
    this.watcher = undefined;
    void this.nodes?.nodes.dispose();
    this.nodes = undefined;
    this.events?.stop();
    this.events = undefined;
    this.disconnected = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.again) clearTimeout(this.again);
    this.again = undefined;
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Streams open now (none while hidden). */
  get openStreams(): number {
    return this.watcher?.openStreams ?? 0;
  }

  dispose(): void {
    this.stop();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}

/** One stats panel per project or stack. */
export class StatsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, StatsPanel>();
  private readonly rendered = new vscode.EventEmitter<RenderedStats>();
  readonly onDidRender = this.rendered.event;

  constructor(private readonly engines: EngineHolder) {}

  show(name: string): StatsPanel {
    const existing = this.panels.get(name);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const webview = vscode.window.createWebviewPanel(
      'stevedore.stats',
      `Resource use: ${name}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [] },
    );
    const panel = new StatsPanel(
      name,
      webview,
      this.engines,
      (r) => this.rendered.fire(r),
      () => this.panels.delete(name),
    );
    this.panels.set(name, panel);
    void panel.start();
    return panel;
  }

  get(name: string): StatsPanel | undefined {
    return this.panels.get(name);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.rendered.dispose();
  }
}
