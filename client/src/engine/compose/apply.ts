import type Docker from 'dockerode';
import type { ComposeProject, ServiceConfig } from '@stevedore/model';
import type { Engine } from '../connection';
import {
  createServiceContainer,
  recreateContainer,
  startOrRemove,
  stopAndRemove,
  stopTimeoutSeconds,
  type ContainerContext,
} from './containerOps';
import { ensureServiceImage } from './images';
import { engineMessage } from '../engineMessage';
import { createNetwork, createVolume, recreateNetwork, recreateVolume } from './resources';
import { describeOperation, type ComposeOperation, type ComposePlan } from './plan';
import { waitForDependency } from './waitFor';

/**
 * Carries out a compose plan: networks and volumes, then images, then each service's containers once its
 * dependencies are started, healthy or completed as `depends_on` asks. Services with no dependency between them
 * go in parallel. The first failure stops new work; the result says what was done, what failed and what was not
 * started, so the user knows exactly what now exists.
 */

export interface ComposeProgress {
  readonly operation: ComposeOperation;
  readonly phase: 'started' | 'done' | 'failed';
  readonly message: string;
}

export interface ApplyOptions {
  readonly onProgress?: (event: ComposeProgress) => void;
  /** How long to wait for `service_healthy` / `service_completed_successfully` (default 120 s). */
  readonly dependencyTimeoutMs?: number;
}

export interface ComposeApplyResult {
  readonly ok: boolean;
  readonly done: readonly ComposeOperation[];
  readonly failed?: { readonly operation?: ComposeOperation; readonly message: string };
  readonly notStarted: readonly ComposeOperation[];
}

class Run {
  readonly done: ComposeOperation[] = [];
  failure: { operation?: ComposeOperation; message: string } | undefined;
  constructor(private readonly onProgress?: (event: ComposeProgress) => void) {}

  async step(operation: ComposeOperation, work: () => Promise<void>): Promise<void> {
    if (this.failure) return;
    this.onProgress?.({ operation, phase: 'started', message: describeOperation(operation) });
    try {
      await work();
      this.done.push(operation);
      this.onProgress?.({ operation, phase: 'done', message: describeOperation(operation) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failure ??= { operation, message };
      this.onProgress?.({ operation, phase: 'failed', message });
    }
  }
}

async function containerOperation(
  ctx: ContainerContext,
  service: ServiceConfig,
  op: ComposeOperation,
  ids: Map<string, string>,
): Promise<void> {
  switch (op.kind) {
    case 'create-container': {
      const id = await createServiceContainer(ctx, service, op.number);
      await startOrRemove(ctx, id, op.name);
      ids.set(op.service, id);
      return;
    }
    case 'recreate-container':
      ids.set(op.service, await recreateContainer(ctx, service, op.number, op.containerId, op.name));
      return;
    case 'start-container':
      await ctx.docker.getContainer(op.containerId).start();
      ids.set(op.service, op.containerId);
      return;
    case 'remove-container':
      await stopAndRemove(ctx.docker, op.containerId, stopTimeoutSeconds(service));
      return;
    case 'keep-container':
      ids.set(op.service, op.containerId);
      return;
    default:
      return;
  }
}

function resourceOperation(docker: Docker, project: ComposeProject, op: ComposeOperation): Promise<void> {
  const key = 'key' in op ? op.key : '';
  if (op.kind === 'create-network') return createNetwork(docker, project, key);
  if (op.kind === 'recreate-network') return recreateNetwork(docker, project, key);
  if (op.kind === 'recreate-volume') return recreateVolume(docker, project, key);
  return createVolume(docker, project, key);
}

export async function applyComposePlan(
  engine: Engine,
  plan: ComposePlan,
  options: ApplyOptions = {},
): Promise<ComposeApplyResult> {
  const { docker } = engine;
  const { project } = plan;
  const run = new Run(options.onProgress);
  if (plan.blockers.length > 0)
    return { ok: false, done: [], failed: { message: plan.blockers.join('; ') }, notStarted: plan.operations };

  const of = (kinds: ComposeOperation['kind'][]): ComposeOperation[] => plan.operations.filter((op) => kinds.includes(op.kind));
  await Promise.all(
    of(['create-network', 'create-volume', 'recreate-network', 'recreate-volume']).map((op) =>
      run.step(op, () => resourceOperation(docker, project, op)),
    ),
  );
  // Planning already looked every image up; only built and pulled ones get new ids here.
  const imageIds = new Map(plan.imageIds);
  await Promise.all(
    of(['build-image', 'pull-image']).map((op) =>
      run.step(op, async () => {
        const service = project.services['service' in op ? op.service : ''];
        if (!service) return;
        const id = await ensureServiceImage(docker, project, service, { pull: op.kind === 'pull-image' ? 'always' : 'build' });
        imageIds.set(service.name, id);
      }),
    ),
  );

  const running = new Map<string, string>();
  const ctx: ContainerContext = { docker, apiVersion: engine.apiVersion, project, imageIds, containerOf: (s) => running.get(s) };
  const finished = new Map<string, Promise<void>>();
  for (const name of plan.order) {
    const service = project.services[name];
    if (!service) continue;
    finished.set(
      name,
      (async () => {
        for (const [dependency, condition] of Object.entries(service.depends_on)) {
          await finished.get(dependency);
          if (run.failure || !plan.order.includes(dependency)) continue;
          // An engine that stops answering ends the wait as a failure, so the report says what exists and what not.
          const waited = await waitForDependency(
            docker,
            project,
            dependency,
            condition,
            options.dependencyTimeoutMs ?? 120_000,
          ).catch((error: unknown) => `cannot follow ${dependency}: ${engineMessage(error)}`);
          if (waited && !condition.required) continue;
          if (waited) run.failure ??= { message: `${name} cannot start: ${waited}` };
        }
        const ops = plan.operations.filter((op) => 'service' in op && op.service === name && op.kind.endsWith('-container'));
        await Promise.all(ops.map((op) => run.step(op, () => containerOperation(ctx, service, op, running))));
      })(),
    );
  }
  await Promise.all(finished.values());
  const notStarted = plan.operations.filter((op) => !run.done.includes(op) && op !== run.failure?.operation);
  return { ok: !run.failure, done: run.done, ...(run.failure ? { failed: run.failure } : {}), notStarted };
}
