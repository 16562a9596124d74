import type { Readable } from 'node:stream';
import * as vscode from 'vscode';
import {
  followEngineEvents,
  isSwarmManager,
  listNodes,
  runningTasks,
  type Engine,
  type NodeEngines,
  type SwarmNode,
  VIEW_EVENTS,
  watchEngineEvents,
  type EventWatch,
} from '../engine';
import type { EngineHolder } from '../engineHolder';
import { nodeEnginesFor } from '../taskTargets';

/**
 * The Swarm Nodes view, shown when the engine is a swarm manager: each node (role, availability, state, engine
 * version, tasks running / wanted) → its labels and the tasks placed on it. Items are plain data that the node
 * commands take as their argument. Refreshed from the manager's event stream (node, service and container events,
 * debounced) and, for the nodes `stevedore.swarm.nodeEndpoints` names, from their engines' task container events.
 * The API has no task events, so while tasks on a node without such a stream are still starting or moving after an
 * event, the view reads again each second (for at most a minute after the last event) until they have settled: no
 * steady polling.
 */

export type NodesViewItem =
  | {
      readonly type: 'node';
      readonly node: string;
      readonly hostname: string;
      readonly version: number;
      readonly availability: string;
      readonly description: string;
      readonly tooltip: string;
      readonly ready: boolean;
    }
  | { readonly type: 'nodeLabel'; readonly node: string; readonly hostname: string; readonly key: string; readonly value: string }
  | {
      readonly type: 'task';
      readonly node: string;
      readonly task: string;
      readonly label: string;
      readonly description: string;
      readonly running: boolean;
    };

/** What the view showed after a refresh: each node with its tasks, for tests and other extensions. */
export interface NodeSummary {
  readonly hostname: string;
  readonly id: string;
  readonly role: string;
  readonly availability: string;
  readonly state: string;
  readonly description: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `service.slot (state)` of each task the swarm wants on the node. */
  readonly tasks: readonly string[];
  readonly running: number;
  /** Whether the view sees this node's task events (the manager's own node, or a configured node engine). */
  readonly followed: boolean;
}

interface TaskRow {
  readonly id: string;
  readonly nodeId: string;
  readonly name: string;
  readonly state: string;
  readonly error?: string;
}

const DEBOUNCE_MS = 250;
const SETTLE_STEP_MS = 1000;
const SETTLE_FOR_MS = 60_000;

export function describeNode(n: SwarmNode): string {
  const role = n.role === 'manager' ? (n.leader ? 'manager (leader)' : `manager (${n.reachability ?? 'unknown'})`) : 'worker';
  return [role, n.availability, n.state, n.engineVersion, `${n.tasks.running}/${n.tasks.total} tasks`].join(' · ');
}

export class NodesView implements vscode.TreeDataProvider<NodesViewItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NodesViewItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<readonly NodeSummary[]>();
  readonly onDidRefresh = this.refreshed.event;
  private events: EventWatch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastEvent = 0;
  private snapshot: { nodes: SwarmNode[]; tasks: TaskRow[] } | undefined;
  private readonly subscription: vscode.Disposable;
  private readonly settingWatcher: vscode.Disposable;
  /** Task container events of the other nodes, from their configured engines (node id → stream). */
  private nodeWatch: { engines: NodeEngines; streams: Map<string, Readable>; pending: Set<string> } | undefined;

  constructor(private readonly engines: EngineHolder) {
    this.subscription = engines.onDidChange(() => {
      this.stopEvents();
      void this.updateVisibility();
      this.refresh();
    });
    this.settingWatcher = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('stevedore.swarm.nodeEndpoints')) return;
      this.stopNodeEvents();
      this.refresh();
    });
    void this.updateVisibility();
  }

  /** Shows the view only for a swarm manager (`stevedore.swarmManager`); never throws. */
  async updateVisibility(): Promise<boolean> {
    let manager = false;
    try {
      const engine = await this.engines.get();
      manager = await isSwarmManager(engine);
      if (manager) this.watch(engine);
    } catch {
      manager = false;
    }
    await vscode.commands.executeCommand('setContext', 'stevedore.swarmManager', manager);
    return manager;
  }

  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, DEBOUNCE_MS);
  }

  /**
   * The manager's node, service and container events. When the engine goes away the view reads again (and lists
   * nothing it cannot read); `watchEngineEvents` reopens the stream by itself, and the view reads again once it is back.
   */
  private watch(engine: Engine): void {
    this.events ??= watchEngineEvents(engine.docker, VIEW_EVENTS.nodes, {
      onEvent: () => {
        this.lastEvent = Date.now();
        this.refresh();
      },
      onState: () => this.refresh(),
    });
  }

  private stopEvents(): void {
    this.events?.stop();
    this.events = undefined;
    this.stopNodeEvents();
  }

  private stopNodeEvents(): void {
    const watch = this.nodeWatch;
    this.nodeWatch = undefined;
    if (!watch) return;
    for (const stream of watch.streams.values()) stream.destroy();
    void watch.engines.dispose();
  }

  /** Follows the task containers of every ready node with a configured engine; a node that cannot be reached is left out. */
  private watchNodes(engine: Engine, nodes: readonly SwarmNode[]): void {
    if (!this.nodeWatch) {
      try {
        this.nodeWatch = { engines: nodeEnginesFor(engine), streams: new Map(), pending: new Set() };
      } catch {
        return; // a malformed setting: the commands that need it say so
      }
    }
    const watch = this.nodeWatch;
    for (const node of nodes) {
      if (node.self || node.state !== 'ready' || watch.streams.has(node.id) || watch.pending.has(node.id)) continue;
      if (!watch.engines.endpointOf(node)) continue;
      watch.pending.add(node.id);
      void watch.engines
        .forNode(node)
        .then(async (own) => {
          const stream = await followEngineEvents(
            own.docker,
            { type: ['container'], label: ['com.docker.swarm.task.id'] },
            () => {
              this.lastEvent = Date.now();
              this.refresh();
            },
            // Ended (that node's engine went away): the node shows as not followed, and the stream is opened again
            // on a later read, once the manager reports the node ready (its node events come over our own stream).
            (ended) => {
              if (watch.streams.get(node.id) !== ended) return;
              watch.streams.delete(node.id);
              this.refresh();
            },
          );
          if (this.nodeWatch !== watch) return void stream.destroy();
          watch.streams.set(node.id, stream);
          this.refresh(); // the node now shows as followed
        })
        .catch(() => undefined)
        .finally(() => watch.pending.delete(node.id));
    }
  }

  /**
   * Tasks still on their way (wanted running, not running yet) on a node whose events we do not see: read again
   * shortly, while an event is recent.
   */
  private settleLater(nodes: readonly SwarmNode[], tasks: readonly TaskRow[]): void {
    const seen = (nodeId: string): boolean =>
      nodes.some((n) => n.id === nodeId && n.self) || (this.nodeWatch?.streams.has(nodeId) ?? false);
    const moving = tasks.some((t) => t.state !== 'running' && !t.error && !seen(t.nodeId));
    if (!moving || Date.now() - this.lastEvent > SETTLE_FOR_MS || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, SETTLE_STEP_MS);
  }

  private async read(engine: Engine): Promise<{ nodes: SwarmNode[]; tasks: TaskRow[] }> {
    const [nodes, tasks] = await Promise.all([listNodes(engine), runningTasks(engine)]);
    return {
      nodes,
      tasks: tasks
        .filter((t) => t.nodeId)
        .map((t) => ({
          id: t.id,
          nodeId: t.nodeId ?? '',
          name: `${t.service}.${t.slot ?? t.nodeId ?? ''}`,
          state: t.state,
          ...(t.error ? { error: t.error } : {}),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true })),
    };
  }

  getTreeItem(item: NodesViewItem): vscode.TreeItem {
    if (item.type === 'node') {
      const tree = new vscode.TreeItem(item.hostname, vscode.TreeItemCollapsibleState.Collapsed);
      tree.id = `node:${item.node}`;
      tree.description = item.description;
      tree.tooltip = item.tooltip;
      tree.iconPath = new vscode.ThemeIcon(!item.ready ? 'error' : item.availability === 'active' ? 'server' : 'debug-pause');
      tree.contextValue = `node.${item.availability}`;
      return tree;
    }
    if (item.type === 'nodeLabel') {
      const tree = new vscode.TreeItem(`${item.key}=${item.value}`, vscode.TreeItemCollapsibleState.None);
      tree.iconPath = new vscode.ThemeIcon('tag');
      tree.contextValue = 'nodeLabel';
      return tree;
    }
    const tree = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
    tree.description = item.description;
    tree.iconPath = new vscode.ThemeIcon(item.running ? 'vm-running' : 'vm-outline');
    tree.contextValue = 'task';
    return tree;
  }

  async getChildren(item?: NodesViewItem): Promise<NodesViewItem[]> {
    if (!item) return this.roots();
    if (item.type !== 'node' || !this.snapshot) return [];
    const node = this.snapshot.nodes.find((n) => n.id === item.node);
    if (!node) return [];
    return [
      ...Object.entries(node.labels).map(([key, value]) => ({
        type: 'nodeLabel' as const,
        node: node.id,
        hostname: node.hostname,
        key,
        value,
      })),
      ...this.snapshot.tasks
        .filter((t) => t.nodeId === node.id)
        .map((t) => ({
          type: 'task' as const,
          node: node.id,
          task: t.id,
          label: t.name,
          description: [t.state, t.error].filter(Boolean).join(' · '),
          running: t.state === 'running',
        })),
    ];
  }

  private async roots(): Promise<NodesViewItem[]> {
    let engine: Engine;
    try {
      engine = await this.engines.get();
      this.watch(engine);
      this.snapshot = await this.read(engine);
    } catch {
      this.snapshot = undefined;
      this.refreshed.fire([]);
      return [];
    }
    const { nodes, tasks } = this.snapshot;
    this.refreshed.fire(
      nodes.map((n) => {
        const mine = tasks.filter((t) => t.nodeId === n.id);
        return {
          hostname: n.hostname,
          id: n.id,
          role: n.role,
          availability: n.availability,
          state: n.state,
          description: describeNode(n),
          labels: n.labels,
          tasks: mine.map((t) => `${t.name} (${t.state})`),
          running: mine.filter((t) => t.state === 'running').length,
          followed: n.self || (this.nodeWatch?.streams.has(n.id) ?? false),
        };
      }),
    );
    this.watchNodes(engine, nodes);
    this.settleLater(nodes, tasks);
    return nodes.map((n) => ({
      type: 'node' as const,
      node: n.id,
      hostname: n.hostname,
      version: n.version,
      availability: n.availability,
      description: describeNode(n),
      tooltip: `${n.hostname} (${n.id})\naddress ${n.address}${n.message ? `\n${n.message}` : ''}${n.self ? '\nthe engine Stevedore is connected to' : ''}`,
      ready: n.state === 'ready',
    }));
  }

  dispose(): void {
    this.stopEvents();
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.settingWatcher.dispose();
    this.changed.dispose();
    this.refreshed.dispose();
  }
}
