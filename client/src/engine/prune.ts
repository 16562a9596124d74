import type Docker from 'dockerode';
import { listResources, removeResource, type EngineResource, type ResourceKind } from './resources';

/**
 * Prune as plan → execute: the plan lists exactly what goes (what the confirmation shows, with the space it frees)
 * and executing it removes those and nothing else, one by one, by id. Nothing calls the engine's own prune endpoint,
 * which would take whatever became dangling in between. A scope narrows the plan (a label, a name prefix), for a
 * user who wants to prune only one project's leftovers and for tests on an engine others share.
 */

export interface PruneScope {
  /** `key` or `key=value`: only resources carrying this label. */
  readonly label?: string;
  /** Only resources whose name (a volume's or network's name, an image's tag) starts with this. */
  readonly namePrefix?: string;
}

export interface PrunePlan {
  readonly kind: ResourceKind;
  readonly items: readonly EngineResource[];
  /** The sum of the items' sizes: for images an upper bound (layers shared with other images stay). */
  readonly bytes: number;
}

export interface PruneOutcome {
  readonly removed: readonly EngineResource[];
  readonly failed: readonly { readonly resource: EngineResource; readonly reason: string }[];
  readonly bytes: number;
}

function inScope(resource: EngineResource, scope: PruneScope): boolean {
  if (scope.label !== undefined) {
    const [key = '', value] = scope.label.split(/=(.*)/s);
    if (!(key in resource.labels) || (value !== undefined && resource.labels[key] !== value)) return false;
  }
  if (scope.namePrefix !== undefined) {
    const names = resource.kind === 'image' ? resource.tags : [resource.name];
    if (!names.some((n) => n.startsWith(scope.namePrefix ?? ''))) return false;
  }
  return true;
}

/**
 * What a prune of these resources would remove, by name (the engine lists in no set order, and the confirmation and
 * the outcome should read the same each time). Pure: the confirmation and the tests read it.
 */
export function planPrune(kind: ResourceKind, resources: readonly EngineResource[], scope: PruneScope = {}): PrunePlan {
  const items = resources
    .filter((r) => r.kind === kind && r.prunable && inScope(r, scope))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { kind, items, bytes: items.reduce((sum, r) => sum + (r.size ?? 0), 0) };
}

export async function previewPrune(docker: Docker, kind: ResourceKind, scope: PruneScope = {}): Promise<PrunePlan> {
  return planPrune(kind, await listResources(docker, kind), scope);
}

/**
 * Removes exactly the plan's items. One the engine refuses (it came into use since the preview) is reported, never
 * forced; the others go on.
 */
export async function executePrune(docker: Docker, plan: PrunePlan): Promise<PruneOutcome> {
  const removed: EngineResource[] = [];
  const failed: { resource: EngineResource; reason: string }[] = [];
  for (const resource of plan.items) {
    try {
      await removeResource(docker, resource);
      removed.push(resource);
    } catch (error) {
      const e = error as { statusCode?: number; json?: { message?: string }; message?: string };
      // Already gone (removed by someone else since the preview): what the plan wanted.
      if (e.statusCode === 404) removed.push(resource);
      else failed.push({ resource, reason: e.json?.message ?? e.message ?? String(error) });
    }
  }
  return { removed, failed, bytes: removed.reduce((sum, r) => sum + (r.size ?? 0), 0) };
}
