import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EngineHolder } from '../../engineHolder';
import { TOPOLOGY_REQUEST, type TopologyParams, type TopologyResult } from '../../../../server/src/service/protocol';
import { TopologyPanel, type RenderedTopology } from './panel';

export type { RenderedTopology } from './panel';

/** The open topology views, one per file; `show` opens or reveals a file's. */
export class TopologyPanels implements vscode.Disposable {
  private readonly panels = new Map<string, TopologyPanel>();
  private readonly rendered = new vscode.EventEmitter<RenderedTopology>();
  /** Fires each time a graph view has drawn (what its DOM holds). */
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly client: LanguageClient,
    private readonly engines: EngineHolder,
  ) {}

  /** Opens (or reveals and refreshes) the graph of a file the language server holds. */
  show(uri: string): TopologyPanel {
    const existing = this.panels.get(uri);
    if (existing) {
      existing.reveal();
      existing.schedule(0);
      return existing;
    }
    const webview = vscode.window.createWebviewPanel(
      'stevedore.topology',
      'Graph',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false },
    );
    const request = (params: TopologyParams): Promise<TopologyResult> =>
      this.client.sendRequest<TopologyResult>(TOPOLOGY_REQUEST, params);
    const panel = new TopologyPanel(
      uri,
      webview,
      request,
      this.engines,
      (r) => this.rendered.fire(r),
      () => this.panels.delete(uri),
    );
    this.panels.set(uri, panel);
    panel.schedule(0);
    return panel;
  }

  get(uri: string): TopologyPanel | undefined {
    return this.panels.get(uri);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.rendered.dispose();
  }
}
