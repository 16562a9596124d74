import * as vscode from 'vscode';
import {
  formatBytes,
  imageHistory,
  listResources,
  type Engine,
  type EngineResource,
  type ResourceKind,
  VIEW_EVENTS,
  watchEngineEvents,
  type EventWatch,
} from '../engine';
import type { EngineHolder } from '../engineHolder';
import { imageUsesOf, usesOfImage, type ImageUse } from './imageUses';

/**
 * The Images, Volumes and Networks views: the engine's resources with size, created date, who uses them (containers,
 * compose projects, stacks) and dangling ones marked; an image opens to its layers, a volume or network to its
 * users. Items are plain data the Remove, Tag and Prune commands take. The three views share one engine event
 * stream (image, volume, network and container events), open only while one of them is visible; when the engine
 * goes away they show "Disconnected from the engine" until the stream is back (`watchEngineEvents` retries), then
 * list again.
 */

export type ResourceItem =
  | {
      readonly type: 'resource';
      readonly kind: ResourceKind;
      readonly id: string;
      readonly name: string;
      readonly resource: EngineResource;
      /** An image: the workspace's Compose services that name it. */
      readonly uses?: readonly ImageUse[];
    }
  | {
      readonly type: 'detail';
      readonly label: string;
      readonly description: string;
      readonly tooltip?: string;
      /** Opens this place (a service's `image:`). */
      readonly open?: ImageUse;
    };

/** The workspace's Compose and stack files, with the editor's unsaved text over the disk. */
async function workspaceImageUses(): Promise<ImageUse[]> {
  const files = await vscode.workspace.findFiles(
    '**/{compose,docker-compose,docker-stack,stack}*.{yml,yaml}',
    '**/{node_modules,.git}/**',
    200,
  );
  const uses = await Promise.all(
    files.map(async (uri) => {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open?.getText() ?? Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      return imageUsesOf(uri.toString(), text);
    }),
  );
  return uses.flat();
}

const DEBOUNCE_MS = 300;
const TITLES: Record<ResourceKind, string> = { image: 'image', volume: 'volume', network: 'network' };

/** "3 days ago" from an ISO date. */
export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  const steps: [number, string][] = [
    [86400 * 365, 'year'],
    [86400 * 30, 'month'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of steps) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${unit}${count > 1 ? 's' : ''} ago`;
  }
  return 'just now';
}

function usedByText(r: EngineResource): string {
  if (r.usedBy.length === 0) return r.dangling ? 'dangling' : 'unused';
  const owners = [...r.projects.map((p) => `project ${p}`), ...r.stacks.map((s) => `stack ${s}`)];
  return owners.length > 0 ? owners.join(', ') : `${r.usedBy.length} container(s)`;
}

function tooltipOf(r: EngineResource, uses: readonly ImageUse[] = []): vscode.MarkdownString {
  const lines = [
    `**${r.name}** (${TITLES[r.kind]}${r.dangling ? ', dangling' : ''})`,
    ...(r.kind === 'image' ? [`id: \`${r.id}\``, `tags: ${r.tags.join(', ') || 'none'}`] : []),
    ...(r.driver ? [`driver: ${r.driver}`] : []),
    `size: ${r.size === undefined ? 'unknown' : formatBytes(r.size)}`,
    `created: ${r.created ?? 'unknown'}`,
    `used by: ${r.usedBy.map((u) => u.container).join(', ') || 'no container'}`,
    ...(r.projects.length ? [`projects: ${r.projects.join(', ')}`] : []),
    ...(r.stacks.length ? [`stacks: ${r.stacks.join(', ')}`] : []),
    ...(uses.length
      ? [`named in: ${uses.map((u) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(u.uri))} (${u.service})`).join(', ')}`]
      : []),
  ];
  const text = new vscode.MarkdownString(lines.join('  \n'));
  text.supportHtml = false;
  return text;
}

export class ResourcesView implements vscode.TreeDataProvider<ResourceItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ResourceItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<readonly EngineResource[]>();
  /** The resources listed after each refresh (for tests). */
  readonly onDidRefresh = this.refreshed.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly kind: ResourceKind,
    private readonly engines: EngineHolder,
    private readonly onEngine: (engine: Engine) => void,
    private readonly disconnected: () => boolean = () => false,
  ) {}

  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, DEBOUNCE_MS);
  }

  getTreeItem(item: ResourceItem): vscode.TreeItem {
    if (item.type === 'detail') {
      const tree = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
      tree.description = item.description;
      if (item.tooltip) tree.tooltip = item.tooltip;
      if (item.open) {
        const position = new vscode.Position(item.open.line, item.open.character);
        tree.command = {
          command: 'vscode.open',
          title: 'Open',
          arguments: [vscode.Uri.parse(item.open.uri), { selection: new vscode.Range(position, position) }],
        };
        tree.iconPath = new vscode.ThemeIcon('go-to-file');
      }
      return tree;
    }
    const r = item.resource;
    const expandable = r.kind === 'image' || r.usedBy.length > 0;
    const uses = item.uses ?? [];
    const tree = new vscode.TreeItem(
      r.name,
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    tree.description = [r.size === undefined ? '' : formatBytes(r.size), age(r.created), usedByText(r)]
      .filter(Boolean)
      .join(' · ');
    tree.tooltip = tooltipOf(r, uses);
    const icon = r.kind === 'image' ? 'file-binary' : r.kind === 'volume' ? 'database' : 'type-hierarchy';
    tree.iconPath = r.dangling
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(icon);
    tree.contextValue = `resource.${r.kind}${r.dangling ? '.dangling' : ''}`;
    return tree;
  }

  async getChildren(item?: ResourceItem): Promise<ResourceItem[]> {
    let engine: Engine;
    try {
      engine = await this.engines.get();
    } catch (error) {
      if (item) return [];
      this.refreshed.fire([]);
      const message = error instanceof Error ? error.message : String(error);
      return [{ type: 'detail', label: 'No Docker engine', description: 'select an engine', tooltip: message }];
    }
    this.onEngine(engine);
    if (!item && this.disconnected()) {
      this.refreshed.fire([]);
      return [{ type: 'detail', label: 'Disconnected from the engine', description: 'reconnecting…' }];
    }
    if (!item) {
      const [listed, uses] = await Promise.all([
        listResources(engine.docker, this.kind),
        this.kind === 'image' ? workspaceImageUses().catch((): ImageUse[] => []) : Promise.resolve([]),
      ]);
      const resources = listed.sort((a, b) => Number(b.dangling) - Number(a.dangling) || a.name.localeCompare(b.name));
      this.refreshed.fire(resources);
      return resources.map((resource) => ({
        type: 'resource',
        kind: resource.kind,
        id: resource.id,
        name: resource.name,
        resource,
        ...(resource.kind === 'image' ? { uses: usesOfImage(resource.tags, uses) } : {}),
      }));
    }
    if (item.type !== 'resource') return [];
    const users: ResourceItem[] = item.resource.usedBy.map((u) => ({
      type: 'detail',
      label: u.container,
      description: [u.project && `project ${u.project}`, u.stack && `stack ${u.stack}`, u.service && `service ${u.service}`]
        .filter(Boolean)
        .join(' · '),
    }));
    if (item.kind !== 'image') return users;
    const layers = await imageHistory(engine.docker, item.id);
    const named: ResourceItem[] = (item.uses ?? []).map((use) => ({
      type: 'detail',
      label: `${vscode.workspace.asRelativePath(vscode.Uri.parse(use.uri))}`,
      description: `service ${use.service} names ${use.image}`,
      open: use,
    }));
    return [
      ...named,
      ...users,
      ...layers.map((layer): ResourceItem => ({
        type: 'detail',
        label: layer.createdBy.replace(/^\/bin\/sh -c (#\(nop\) )?/, '').trim() || '(empty)',
        description: [formatBytes(layer.size), age(layer.created)].join(' · '),
        tooltip: layer.createdBy,
      })),
    ];
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    this.refreshed.dispose();
  }
}

/**
 * The three views and their one event stream: followed while any of them is visible, on the engine they list.
 */
export class ResourceViews implements vscode.Disposable {
  readonly views: Readonly<Record<ResourceKind, ResourcesView>>;
  private events: EventWatch | undefined;
  private eventsEngine: Engine | undefined;
  private disconnected = false;
  private readonly visible = new Set<ResourceKind>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(engines: EngineHolder) {
    const watch = (engine: Engine): void => this.watch(engine);
    const disconnected = (): boolean => this.disconnected;
    this.views = {
      image: new ResourcesView('image', engines, watch, disconnected),
      volume: new ResourcesView('volume', engines, watch, disconnected),
      network: new ResourcesView('network', engines, watch, disconnected),
    };
    this.disposables.push(
      engines.onDidChange(() => {
        this.stop();
        this.refreshAll();
      }),
    );
  }

  /** Creates the three tree views (ids `stevedore.images`, `.volumes`, `.networks`). */
  register(): vscode.Disposable[] {
    return this.all().flatMap((view) => {
      const tree = vscode.window.createTreeView(`stevedore.${view.kind}s`, { treeDataProvider: view, showCollapseAll: true });
      if (tree.visible) this.visible.add(view.kind);
      return [
        tree,
        tree.onDidChangeVisibility((e) => {
          if (e.visible) {
            this.visible.add(view.kind);
            view.refresh();
          } else this.visible.delete(view.kind);
          if (this.visible.size === 0) this.stop();
        }),
      ];
    });
  }

  private all(): ResourcesView[] {
    return [this.views.image, this.views.volume, this.views.network];
  }

  refreshAll(): void {
    for (const view of this.all()) view.refresh();
  }

  private watch(engine: Engine): void {
    if (this.events && this.eventsEngine === engine) return;
    this.stop();
    this.eventsEngine = engine;
    this.events = watchEngineEvents(engine.docker, VIEW_EVENTS.resources, {
      onEvent: () => this.refreshAll(),
      // Gone: the views say so; back: they list again (whatever changed meanwhile sent no event to us).
      onState: (state) => {
        const was = this.disconnected;
        this.disconnected = state === 'disconnected';
        if (was !== this.disconnected) this.refreshAll();
      },
    });
  }

  private stop(): void {
    this.events?.stop();
    this.events = undefined;
    this.eventsEngine = undefined;
    this.disconnected = false;
  }

  dispose(): void {
    this.stop();
    for (const view of this.all()) view.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
