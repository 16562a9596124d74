import { declaredProfiles, type DeclaredProfile } from '@stevedore/model';
import * as vscode from 'vscode';
import { loadDeployedProject } from '../deployedProject';
import {
  composePs,
  describeComposeService,
  describeCrash,
  VIEW_EVENTS,
  eventScope,
  watchEngineEvents,
  type EventWatch,
  listComposeProjects,
  listStacks,
  stackPs,
  stackStatsTargets,
  NODE_PATIENCE_MS,
  type ComposeServiceStatus,
  type Engine,
  type EventScope,
  type StackServiceStatus,
  type StatsTarget,
} from '../engine';
import type { EngineHolder } from '../engineHolder';
import { NODE_ENDPOINTS_SETTING, readableNodeEngines } from '../taskTargets';
import type { Watches } from '../watches';
import { ExplorerStats } from './explorerStats';
import { describeGroup, groupByProfile, type ProfileLayout } from './profileGroups';

/**
 * The Stevedore view: compose projects and swarm stacks on this workspace's engine → their services (running /
 * wanted) → containers or tasks (state, ports). Nodes are plain data that the commands take as their argument.
 * A compose project whose file declares profiles shows its services without a profile first, then a group per profile
 * (profileGroups.ts), with the services of a profile that was not enabled greyed ("inactive profile").
 * Refreshed from the engine's event stream, not by polling; without an engine it shows what to do. A stack service
 * shows its rolling update while it runs or after it ended badly (swarm's `UpdateStatus`). The manager has no task
 * events for other nodes, so while a stack service is updating or short of its replicas after an event, the view
 * reads again each second, for at most a minute after the last event: no steady polling.
 */

export type ExplorerNode =
  | {
      readonly type: 'deployment';
      readonly project?: string;
      readonly stack?: string;
      readonly label: string;
      readonly description: string;
    }
  | {
      readonly type: 'service';
      readonly project?: string;
      readonly stack?: string;
      readonly service: string;
      readonly description: string;
      readonly healthy: boolean;
      /** A stack service's rolling update as swarm reports it (`updating`, `rollback_started` …) and its message. */
      readonly updateState?: string;
      readonly tooltip?: string;
      /** A service of the file's profiles that is not deployed: shown greyed, with nothing under it. */
      readonly inactive?: boolean;
      /** The profile group it is listed under (a service with two profiles is in both). */
      readonly profile?: string;
    }
  | {
      /** A profile the deployed project's file declares, with its services. */
      readonly type: 'profile';
      readonly project: string;
      readonly profile: string;
      readonly description: string;
      readonly active: boolean;
    }
  | {
      /** No engine answers (or the workspace is not trusted): why, and what to do. */
      readonly type: 'no-engine';
      readonly label: string;
      readonly description: string;
      readonly tooltip: string;
    }
  | {
      readonly type: 'container';
      readonly container: string;
      readonly label: string;
      readonly description: string;
      readonly running: boolean;
      readonly tooltip?: string;
      /** A swarm task: its id and the node it runs on (a shell there goes through that node's engine). */
      readonly task?: string;
      readonly node?: string;
      /** A running task whose resource use cannot be read (no engine for its node): why. */
      readonly statsUnavailable?: string;
      /** Its service's key (parentKey), which makes its item's id. */
      readonly parent: string;
    };

type ContainerNode = Extract<ExplorerNode, { type: 'container' }>;

/** The key under which a deployment's or a service's listed containers are kept: a service's starts with its deployment's. */
function parentKey(node: ExplorerNode): string | undefined {
  if (node.type !== 'deployment' && node.type !== 'service') return undefined;
  const deployment = deploymentKey(node);
  return node.type === 'service' ? `${deployment}${node.profile ? `profile:${node.profile}/` : ''}${node.service}/` : deployment;
}

const deploymentKey = (owner: { readonly project?: string; readonly stack?: string }): string =>
  owner.project !== undefined ? `c:${owner.project}/` : `s:${owner.stack ?? ''}/`;

/**
 * A node's stable id (TreeItem.id): the same project, profile, service or container keeps its id across refreshes,
 * so the tree keeps its selection, expansion and the element a context menu was opened on.
 */
export function explorerNodeId(node: ExplorerNode): string {
  if (node.type === 'no-engine') return 'no-engine';
  if (node.type === 'profile') return `${deploymentKey(node)}profile:${node.profile}`;
  if (node.type === 'container') return `${node.parent}${node.task ? `task:${node.task}` : node.container}`;
  return parentKey(node) ?? '';
}

const REFRESH_DEBOUNCE_MS = 250;
const SETTLE_STEP_MS = 1000;
const SETTLE_FOR_MS = 60_000;
/** Update states swarm is still working through. */
const UPDATE_RUNNING = new Set(['updating', 'rollback_started']);
/**
 * Update states worth showing: running, or ended badly. `completed` is not shown; `rollback_completed` is, until the
 * next update (swarm keeps it, and does not say whether the rollback was its own or a `docker service rollback`).
 */
const UPDATE_SHOWN = new Set([...UPDATE_RUNNING, 'paused', 'rollback_paused', 'rollback_completed']);

export class StevedoreExplorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private events: EventWatch | undefined;
  /** Set while the event stream is down (the engine went away); the tree says so until the stream opens again. */
  private disconnected = false;
  private timer: NodeJS.Timeout | undefined;
  private lastEvent = 0;
  /** The deployment nodes last listed, by key: an event about one of them redraws that node alone. */
  private deployments = new Map<string, ExplorerNode>();
  /** Deployments whose redraw waits on the debounce (a whole refresh, pending as `timer`, covers them). */
  private readonly stale = new Set<string>();
  private staleTimer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;
  /** Fires after each refresh with the top-level labels, for tests and the status line. */
  private readonly refreshed = new vscode.EventEmitter<readonly ExplorerNode[]>();
  readonly onDidRefresh = this.refreshed.event;
  /** Live resource use of the containers shown (description and tooltip). */
  readonly stats = new ExplorerStats<ContainerNode>((node) => this.changed.fire(node));
  /** The engines of the swarm's other nodes (`stevedore.swarm.nodeEndpoints`), for their tasks' stats. */
  private nodeEngines: ReturnType<typeof readableNodeEngines> | undefined;
  /** The last failure to reach each node's engine, shown while it is tried again. */
  private readonly nodeFailures = new Map<string, string>();

  constructor(
    private readonly engines: EngineHolder,
    /** Absent in tests that read the tree alone. */
    private readonly watches?: Watches,
  ) {
    this.subscription = vscode.Disposable.from(
      engines.onDidChange(() => {
        this.stopEvents();
        this.stats.clear();
        this.dropNodeEngines();
        this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(NODE_ENDPOINTS_SETTING)) return;
        this.dropNodeEngines();
        this.refresh();
      }),
      ...(watches ? [watches.onDidChange(() => this.refresh())] : []),
    );
  }

  /** Follows the tree view's visibility and collapses, so stats streams run only for what it shows. */
  attach(tree: vscode.TreeView<ExplorerNode>): vscode.Disposable[] {
    return this.stats.attach(tree, parentKey);
  }

  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, REFRESH_DEBOUNCE_MS);
  }

  /** One deployment's subtree changed: redraw it alone (debounced), or everything if it is not listed yet. */
  private refreshDeployment(owner: { readonly project?: string; readonly stack?: string }): void {
    const key = deploymentKey(owner);
    if (!this.deployments.has(key)) {
      this.refresh();
      return;
    }
    this.stale.add(key);
    if (this.staleTimer) return;
    this.staleTimer = setTimeout(() => {
      this.staleTimer = undefined;
      const keys = [...this.stale];
      this.stale.clear();
      if (this.timer) return; // a whole refresh is coming
      for (const k of keys) {
        const node = this.deployments.get(k);
        if (node) this.changed.fire(node);
      }
    }, REFRESH_DEBOUNCE_MS);
  }

  private onEngineEvent(scope: EventScope): void {
    if (scope.kind === 'none') return;
    this.lastEvent = Date.now();
    if (scope.kind === 'all') this.refresh();
    else this.refreshDeployment(scope);
  }

  /** A stack service still on its way (updating, or short of replicas): read again shortly, while an event is recent. */
  private settleLater(): void {
    if (Date.now() - this.lastEvent > SETTLE_FOR_MS || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, SETTLE_STEP_MS);
  }

  private watch(engine: Engine): void {
    if (this.events) return;
    this.events = watchEngineEvents(engine.docker, VIEW_EVENTS.explorer, {
      onEvent: (event) => this.onEngineEvent(eventScope(event)),
      // The engine went away or restarted: the tree says disconnected, and redraws when the stream is back.
      onState: (state) => {
        this.disconnected = state === 'disconnected';
        this.refresh();
      },
    });
  }

  private stopEvents(): void {
    this.events?.stop();
    this.events = undefined;
    this.disconnected = false;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = this.treeItem(node);
    item.id = explorerNodeId(node);
    return item;
  }

  private treeItem(node: ExplorerNode): vscode.TreeItem {
    if (node.type === 'no-engine') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon('debug-disconnect');
      item.command = { command: 'stevedore.selectEngine', title: 'Select Docker Engine' };
      item.contextValue = 'no-engine';
      return item;
    }
    if (node.type === 'deployment') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon(node.stack ? 'layers' : 'package');
      item.contextValue = node.stack ? 'deployment.stack' : 'deployment.compose';
      return item;
    }
    if (node.type === 'profile') {
      const item = new vscode.TreeItem(
        node.profile,
        node.active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.description = node.description;
      item.tooltip = `profile ${node.profile} of project ${node.project}: ${node.description}`;
      item.iconPath = new vscode.ThemeIcon('tag', node.active ? undefined : new vscode.ThemeColor('disabledForeground'));
      item.contextValue = node.active ? 'profile' : 'profile.inactive';
      return item;
    }
    if (node.type === 'service' && node.inactive) {
      const item = new vscode.TreeItem(node.service, vscode.TreeItemCollapsibleState.None);
      item.description = node.description;
      if (node.tooltip) item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
      item.contextValue = 'service.inactive';
      return item;
    }
    if (node.type === 'service') {
      const item = new vscode.TreeItem(node.service, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = node.description;
      if (node.tooltip) item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(
        UPDATE_RUNNING.has(node.updateState ?? '') ? 'sync~spin' : node.healthy && !node.updateState ? 'pass' : 'warning',
      );
      item.contextValue = 'service';
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    const stats = this.stats.describe(node);
    item.description = stats
      ? `${node.description} · ${stats.description}`
      : node.statsUnavailable
        ? `${node.description} · resource use unavailable`
        : node.description;
    const about =
      node.tooltip ?? (node.statsUnavailable ? `${node.label}\nresource use unavailable: ${node.statsUnavailable}` : node.label);
    item.tooltip = stats ? `${about}\n${stats.tooltip}` : about;
    item.iconPath = new vscode.ThemeIcon(node.running ? 'vm-running' : 'vm-outline');
    item.contextValue = node.task ? 'task' : 'container';
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    let engine: Engine;
    try {
      engine = await this.engines.get();
      await vscode.commands.executeCommand('setContext', 'stevedore.noEngine', false);
      this.watch(engine);
      if (this.disconnected) throw new EngineDisconnected();
    } catch (error) {
      await vscode.commands.executeCommand('setContext', 'stevedore.noEngine', true);
      if (node) return [];
      const nodes = [error instanceof EngineDisconnected ? disconnectedNode() : noEngineNode(error)];
      this.refreshed.fire(nodes);
      return nodes;
    }
    if (!node) {
      let projects: Awaited<ReturnType<typeof listComposeProjects>>;
      let stacks: Awaited<ReturnType<typeof listStacks>>;
      try {
        [projects, stacks] = await Promise.all([listComposeProjects(engine.docker), listStacks(engine)]);
      } catch (error) {
        // The engine went away before its event stream said so: the same item, and the stream's retry redraws.
        await vscode.commands.executeCommand('setContext', 'stevedore.noEngine', true);
        const nodes = [noEngineNode(error)];
        this.refreshed.fire(nodes);
        return nodes;
      }
      const nodes: ExplorerNode[] = [
        ...projects.map((p) => ({
          type: 'deployment' as const,
          project: p.name,
          label: p.name,
          description: `compose · ${p.containers} container(s)${this.watches?.isWatching(p.name) ? ' · watching' : ''}`,
        })),
        ...stacks.map((s) => ({
          type: 'deployment' as const,
          stack: s.name,
          label: s.name,
          description: `stack · ${s.services} service(s)`,
        })),
      ];
      this.deployments = new Map(nodes.map((n) => [deploymentKey(n as { project?: string; stack?: string }), n]));
      this.refreshed.fire(nodes);
      return nodes;
    }
    if (node.type === 'deployment' && node.project) {
      const project = node.project;
      const { statuses, layout } = await this.profileLayout(engine, project);
      return [
        ...layout.top.flatMap((name) => composeServiceNodes(project, statuses, name)),
        ...layout.groups.map((g): ExplorerNode => ({
          type: 'profile',
          project,
          profile: g.profile,
          description: describeGroup(g),
          active: g.active,
        })),
      ];
    }
    if (node.type === 'profile') {
      const { project, profile } = node;
      const { statuses, layout } = await this.profileLayout(engine, project);
      const group = layout.groups.find((g) => g.profile === profile);
      return (group?.services ?? []).flatMap(({ service, deployed }): ExplorerNode[] =>
        deployed
          ? composeServiceNodes(project, statuses, service, profile)
          : [
              {
                type: 'service',
                project,
                service,
                inactive: true,
                profile,
                healthy: true,
                description: group?.active ? 'not deployed' : 'inactive profile',
                tooltip: `${service} (profile ${profile}) is in the file, but was not deployed: enable profile ${profile} when deploying`,
              },
            ],
      );
    }
    if (node.type === 'deployment' && node.stack) {
      const stack = node.stack;
      const services = await stackPs(engine, stack);
      if (services.some((s) => UPDATE_RUNNING.has(s.updateState ?? '') || s.running !== s.desired)) this.settleLater();
      return services.map((s) => stackServiceNode(stack, s));
    }
    if (node.type === 'service' && node.project) {
      const service = (await composePs(engine, node.project)).find((s) => s.service === node.service);
      const containers = (service?.containers ?? []).map((c): ContainerNode => ({
        type: 'container',
        container: c.id,
        parent: parentKey(node) ?? '',
        label: c.name,
        description: [c.crash ? describeCrash(c.crash) : c.state, c.health, c.ports.join(', ')].filter(Boolean).join(' · '),
        running: c.state === 'running',
        // A crash loop says why in the hover: the last lines it wrote before it exited.
        ...(c.crash ? { tooltip: [`${c.name}: ${describeCrash(c.crash)}`, ...c.crash.lastLines].join('\n') } : {}),
      }));
      this.stats.listed(
        engine,
        parentKey(node) ?? '',
        containers.filter((c) => c.running),
      );
      return containers;
    }
    if (node.type === 'service' && node.stack) {
      const service = (await stackPs(engine, node.stack)).find((s) => s.name === `${node.stack}_${node.service}`);
      // Each running task's stats come from the engine of its node (this one, or another through the node
      // endpoints, as Attach Shell reaches it); a task on a node without one says why.
      const targets = new Map((service ? await this.taskStatsTargets(engine, service, node) : []).map((t) => [t.id, t]));
      const tasks = (service?.tasks ?? [])
        .filter((t) => t.desiredState === 'running' || t.error)
        .map((t): ContainerNode => {
          const unavailable = t.containerId ? targets.get(t.containerId)?.unavailable : undefined;
          return {
            type: 'container',
            container: t.containerId ?? t.id,
            parent: parentKey(node) ?? '',
            label: `${service?.name ?? ''}.${t.slot ?? t.id.slice(0, 12)}`,
            description: [t.state, t.node && `on ${t.node}${nodeNotReady(t.nodeState)}`, t.error].filter(Boolean).join(' · '),
            running: t.state === 'running',
            task: t.id,
            ...(t.node ? { node: t.node } : {}),
            ...(unavailable ? { statsUnavailable: unavailable } : {}),
          };
        });
      this.stats.listed(
        engine,
        parentKey(node) ?? '',
        tasks.filter((t) => t.running && targets.has(t.container) && !t.statsUnavailable),
        new Map([...targets.values()].flatMap((t) => (t.docker ? [[t.id, t.docker] as const] : []))),
      );
      return tasks;
    }
    return [];
  }

  /** The stats targets of a stack service's running tasks, through the node engines of this engine's swarm. */
  private async taskStatsTargets(engine: Engine, service: StackServiceStatus, node: ExplorerNode): Promise<StatsTarget[]> {
    if (this.nodeEngines?.nodes.manager !== engine) {
      void this.nodeEngines?.nodes.dispose();
      this.nodeEngines = readableNodeEngines(engine);
      this.nodeFailures.clear();
    }
    const { nodes, problem } = this.nodeEngines;
    // A node engine that does not answer (a host gone, a firewall dropping packets) would hold the listing until the
    // connection times out: its tasks are listed at once as connecting, and the service again once it answers or fails.
    const targets = await stackStatsTargets(nodes, [service], {
      patienceMs: NODE_PATIENCE_MS,
      failures: this.nodeFailures,
      onLate: () => this.changed.fire(node),
    });
    return problem ? targets.map((t) => (t.unavailable ? { ...t, unavailable: problem } : t)) : targets;
  }

  /** A compose project's services by profile; the profiles come from the files its containers were deployed from. */
  private async profileLayout(
    engine: Engine,
    project: string,
  ): Promise<{ statuses: ComposeServiceStatus[]; layout: ProfileLayout }> {
    const [statuses, declared] = await Promise.all([composePs(engine, project), this.declaredProfiles(engine, project)]);
    return {
      statuses,
      layout: groupByProfile(
        statuses.map((s) => s.service),
        declared,
      ),
    };
  }

  /** The profiles of the project's file (every service, `*`), or none when its file is gone or does not load. */
  private async declaredProfiles(engine: Engine, project: string): Promise<DeclaredProfile[]> {
    try {
      return declaredProfiles(await loadDeployedProject(engine, project, undefined, ['*']));
    } catch {
      return [];
    }
  }

  private dropNodeEngines(): void {
    void this.nodeEngines?.nodes.dispose();
    this.nodeEngines = undefined;
  }

  dispose(): void {
    this.stopEvents();
    this.stats.dispose();
    this.dropNodeEngines();
    if (this.timer) clearTimeout(this.timer);
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.subscription.dispose();
    this.changed.dispose();
    this.refreshed.dispose();
  }
}

function composeServiceNodes(
  project: string,
  statuses: readonly ComposeServiceStatus[],
  name: string,
  profile?: string,
): ExplorerNode[] {
  const s = statuses.find((status) => status.service === name);
  if (!s) return [];
  return [
    {
      type: 'service',
      project,
      service: s.service,
      ...(profile ? { profile } : {}),
      ...describeComposeService(s),
    },
  ];
}

function stackServiceNode(stack: string, s: StackServiceStatus): ExplorerNode {
  const update = UPDATE_SHOWN.has(s.updateState ?? '') ? s.updateState : undefined;
  return {
    type: 'service',
    stack,
    service: s.name.slice(stack.length + 1),
    description: [`${s.running}/${s.desired} ${s.mode}`, update].filter(Boolean).join(' · '),
    healthy: s.running === s.desired,
    ...(update ? { updateState: update, tooltip: `update ${update}${s.updateMessage ? `: ${s.updateMessage}` : ''}` } : {}),
  };
}

/** ` (down)` for a task whose node the manager does not see ready. */
const nodeNotReady = (state: string | undefined): string => (state && state !== 'ready' ? ` (${state})` : '');

class EngineDisconnected extends Error {
  constructor() {
    super('the connection to the engine was lost (its event stream ended); reconnecting every 2 s');
  }
}

function disconnectedNode(): ExplorerNode {
  return {
    type: 'no-engine',
    label: 'Disconnected from the engine',
    description: 'reconnecting…',
    tooltip: new EngineDisconnected().message,
  };
}

function noEngineNode(error: unknown): ExplorerNode {
  const message = error instanceof Error ? error.message : String(error);
  const untrusted = !vscode.workspace.isTrusted;
  return {
    type: 'no-engine',
    label: untrusted ? 'Workspace not trusted' : 'No Docker engine',
    description: untrusted ? 'trust it to reach an engine' : 'click to select an engine',
    tooltip: message,
  };
}
