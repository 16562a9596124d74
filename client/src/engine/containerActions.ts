import type { ComposeProject } from '@stevedore/model';
import { browserUrls } from './browserUrls';
import type { Engine } from './connection';
import { LABELS } from './compose/labels';
import { applyComposePlan } from './compose/apply';
import { planComposeDeploy } from './compose/deploy';
import type { ComposeOperation } from './compose/plan';
import { engineMessage } from './engineMessage';
import { withDeployLock, type LockClient } from './lock';

/**
 * The everyday actions on a compose service or one container, over the engine API: Pause and Unpause (the cgroup
 * freezer, as `docker pause`), and Recreate (new containers from the file, as `docker compose up --force-recreate
 * --no-deps SERVICE`), which differs from Restart (the same containers stopped and started, restart.ts).
 */

export type ContainerSelector = { readonly container: string } | { readonly project: string; readonly service: string };

export interface ActionResult {
  /** Containers acted on, by name. */
  readonly done: readonly string[];
  /** Containers left as they were (already paused, not running), with why. */
  readonly skipped: readonly string[];
}

async function selected(engine: Engine, selector: ContainerSelector): Promise<{ id: string; name: string; state: string }[]> {
  if ('container' in selector) {
    const info = await engine.docker
      .getContainer(selector.container)
      .inspect()
      .catch((error: unknown) => {
        throw new Error(`no container ${selector.container}: ${engineMessage(error)}`);
      });
    return [{ id: info.Id, name: info.Name.replace(/^\//, ''), state: info.State.Status }];
  }
  const found = await engine.docker.listContainers({
    all: true,
    filters: {
      label: [`${LABELS.project}=${selector.project}`, `${LABELS.service}=${selector.service}`, `${LABELS.oneoff}=False`],
    },
  });
  if (found.length === 0)
    throw new Error(`service ${selector.service} of project ${selector.project} has no container on this engine`);
  return found.map((c) => ({ id: c.Id, name: (c.Names[0] ?? c.Id).replace(/^\//, ''), state: c.State }));
}

/** Pauses (`pause: true`) or unpauses the selected containers; those already in that state are skipped. */
export async function setPaused(engine: Engine, selector: ContainerSelector, pause: boolean): Promise<ActionResult> {
  const done: string[] = [];
  const skipped: string[] = [];
  for (const c of await selected(engine, selector)) {
    const from = pause ? 'running' : 'paused';
    if (c.state !== from) {
      skipped.push(`${c.name} is ${c.state}`);
      continue;
    }
    const container = engine.docker.getContainer(c.id);
    try {
      await (pause ? container.pause() : container.unpause());
      done.push(c.name);
    } catch (error) {
      throw new Error(`cannot ${pause ? 'pause' : 'unpause'} ${c.name}: ${engineMessage(error)}`);
    }
  }
  return { done, skipped };
}

/**
 * New containers for one service from its file, its dependencies left alone: the plan with every container
 * recreated, of which only this service's operations are kept (the others become "keep"). Planned and applied
 * holding the project's deploy lock, as a deploy, scale or down is: a recreate never races one of them.
 */
export async function recreateService(
  engine: Engine,
  project: ComposeProject,
  service: string,
  lock: LockClient,
): Promise<ActionResult> {
  if (!project.services[service]) throw new Error(`no service ${service} in project ${project.name}`);
  const target = { kind: 'compose', name: project.name } as const;
  return withDeployLock(engine, target, { ...lock, operation: 'recreate' }, async () => {
    const plan = await planComposeDeploy(engine, project, { services: [service], recreate: 'force' });
    const operations = plan.operations.map((op): ComposeOperation =>
      op.kind === 'recreate-container' && op.service !== service
        ? { ...op, kind: 'keep-container', reason: 'dependency, kept' }
        : op,
    );
    const result = await applyComposePlan(engine, { ...plan, operations });
    if (!result.ok) throw new Error(result.failed?.message ?? `recreating ${service} failed`);
    const done = result.done.flatMap((op) =>
      (op.kind === 'recreate-container' || op.kind === 'create-container') && op.service === service ? [op.name] : [],
    );
    return { done, skipped: [] };
  });
}

/** The browser URLs of a container's published TCP ports, on the engine's host (browserUrls). */
export async function containerUrls(engine: Engine, containerId: string): Promise<{ url: string; target: number }[]> {
  const [info] = await engine.docker.listContainers({ all: true, filters: { id: [containerId] } });
  return browserUrls(engine.endpoint.url, info?.Ports ?? []);
}
