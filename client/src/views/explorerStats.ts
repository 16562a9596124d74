import * as vscode from 'vscode';
import { describeStats, formatStats, StatsWatcher, type ContainerStats, type Engine, type StatsSource } from '../engine';

/** The engine of a container on another swarm node (its stats stream is opened there). */
type Docker = NonNullable<StatsSource['docker']>;

/** The part of a tree node that stats are shown on: a container or a task, by its container id. */
export interface StatsNode {
  readonly container: string;
}

/**
 * Live resource use for the containers a tree shows, and only those: the containers listed under each expanded
 * parent while the view is visible, one stats stream each (`StatsWatcher`). Collapsing a parent closes its
 * containers' streams, hiding the view closes them all, a new engine starts over. Each sample redraws its one item.
 */
export class ExplorerStats<N extends StatsNode> implements vscode.Disposable {
  private watcher: StatsWatcher | undefined;
  private engine: Engine | undefined;
  /** Per expanded parent (its key), the nodes listed under it, and the engines of those on another swarm node. */
  private readonly shown = new Map<string, { nodes: readonly N[]; elsewhere: ReadonlyMap<string, Docker> }>();
  private readonly nodes = new Map<string, N>();
  private visible = true;
  private readonly sampled = new vscode.EventEmitter<ContainerStats>();
  /** Fires for every sample shown, after its item was redrawn (for tests). */
  readonly onDidSample = this.sampled.event;

  constructor(private readonly redraw: (node: N) => void) {}

  /** Follows the tree's visibility and collapses. */
  attach<T>(tree: vscode.TreeView<T>, keyOf: (node: T) => string | undefined): vscode.Disposable[] {
    this.visible = tree.visible;
    return [
      tree.onDidChangeVisibility((e) => {
        this.visible = e.visible;
        if (!e.visible) this.clear();
      }),
      tree.onDidCollapseElement((e) => {
        const key = keyOf(e.element);
        if (key !== undefined) this.forget(key);
      }),
    ];
  }

  /**
   * The children just listed under `parentKey`: their streams open if the view is visible. `elsewhere` gives the
   * engine of a container that runs on another swarm node (by container id).
   */
  listed(engine: Engine, parentKey: string, children: readonly N[], elsewhere: ReadonlyMap<string, Docker> = new Map()): void {
    if (!this.visible) return;
    if (this.engine !== engine) {
      this.clear();
      this.engine = engine;
      this.watcher = new StatsWatcher(engine.docker, (stats) => {
        const node = this.nodes.get(stats.id);
        if (node) this.redraw(node);
        this.sampled.fire(stats);
      });
    }
    this.shown.set(parentKey, { nodes: children, elsewhere });
    this.update();
  }

  /** A parent collapsed: its containers, and those under its children (keys that start with its key), are hidden. */
  forget(parentKey: string): void {
    const hidden = [...this.shown.keys()].filter((key) => key.startsWith(parentKey));
    for (const key of hidden) this.shown.delete(key);
    if (hidden.length > 0) this.update();
  }

  /** The description and tooltip lines of a node's latest sample, if any. */
  describe(node: N): { description: string; tooltip: string } | undefined {
    const stats = this.watcher?.latest(node.container);
    return stats && { description: formatStats(stats), tooltip: describeStats(stats) };
  }

  /** Streams open on the engine now (for tests: none while the view is hidden). */
  get openStreams(): number {
    return this.watcher?.openStreams ?? 0;
  }

  clear(): void {
    this.shown.clear();
    this.update();
  }

  private update(): void {
    this.nodes.clear();
    const sources: StatsSource[] = [];
    for (const { nodes, elsewhere } of this.shown.values())
      for (const node of nodes) {
        this.nodes.set(node.container, node);
        const docker = elsewhere.get(node.container);
        sources.push(docker ? { id: node.container, docker } : { id: node.container });
      }
    this.watcher?.show(sources);
  }

  dispose(): void {
    this.watcher?.clear();
    this.sampled.dispose();
  }
}
