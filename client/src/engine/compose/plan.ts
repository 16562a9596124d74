import { cycleMessage, walkDependencies, type ComposeProject, type ServiceConfig } from '@stevedore/model';
import { canonicalServiceConfig, describeConfigChanges, serviceConfigHash } from './hash';
import { LABELS } from './labels';
import type { ObservedContainer, ObservedProject } from './observe';
import { planResources } from './planResources';

/**
 * The compose plan: what `up` must do to make the engine match the file, as typed operations, each with the reason
 * a user reads in the preview ("recreate web-1: environment.FOO changed"). Planning is a pure function of the loaded
 * project and what was observed; `applyComposePlan` carries it out.
 */

export type ImageState =
  | { readonly kind: 'present'; readonly id: string }
  | { readonly kind: 'build'; readonly reason: string }
  | { readonly kind: 'pull'; readonly reason: string };

interface Base {
  readonly reason: string;
}
export type ComposeOperation =
  | (Base & {
      readonly kind: 'create-network' | 'recreate-network' | 'create-volume' | 'recreate-volume';
      readonly key: string;
      readonly name: string;
    })
  | (Base & { readonly kind: 'build-image' | 'pull-image'; readonly service: string; readonly image: string })
  | (Base & { readonly kind: 'create-container'; readonly service: string; readonly number: number; readonly name: string })
  | (Base & {
      readonly kind: 'recreate-container' | 'start-container' | 'remove-container' | 'keep-container';
      readonly service: string;
      readonly number: number;
      readonly name: string;
      readonly containerId: string;
    });

export interface ComposePlan {
  readonly project: ComposeProject;
  readonly operations: readonly ComposeOperation[];
  /** Services the plan acts on, in dependency order (dependencies first). */
  readonly order: readonly string[];
  /** Problems that stop the plan from being applied (an external network missing, a scale that cannot work). */
  readonly blockers: readonly string[];
  readonly warnings: readonly string[];
  /** Volumes the plan recreates, losing their data: one line each. Applying needs the user's explicit yes. */
  readonly dataLoss: readonly string[];
  /** Ids of the images already on the engine, by service, as planning found them (apply adds built and pulled ones). */
  readonly imageIds: ReadonlyMap<string, string>;
}

export interface PlanOptions {
  /** Only these services (and their dependencies); default all enabled services. */
  readonly services?: readonly string[];
  readonly removeOrphans?: boolean;
  /** `force`: recreate every container; `never`: keep them even when they differ. */
  readonly recreate?: 'diverged' | 'force' | 'never';
  /** Replica counts that win over the file's (scale). */
  readonly replicas?: Readonly<Record<string, number>>;
}

function expectedNetworks(project: ComposeProject, service: ServiceConfig): string[] {
  return Object.keys(service.networks ?? {}).flatMap((key) => project.networks[key]?.name ?? []);
}

/** Why an existing container must be recreated, or undefined when it is up to date. */
export function recreateReason(
  project: ComposeProject,
  service: ServiceConfig,
  container: ObservedContainer,
  image: ImageState | undefined,
): string | undefined {
  if (container.labels[LABELS.configHash] !== serviceConfigHash(service)) {
    const written = container.labels[LABELS.stevedoreConfig];
    if (!written) return 'its configuration differs (it was not made by Stevedore)';
    let before: unknown;
    try {
      before = JSON.parse(written);
    } catch {
      return 'its configuration differs';
    }
    const changes = describeConfigChanges(before, canonicalServiceConfig(service));
    return changes.length > 0 ? `${changes.join(', ')} changed` : 'its configuration differs';
  }
  if (image?.kind === 'present' && container.labels[LABELS.image] && container.labels[LABELS.image] !== image.id)
    return `image ${service.image ?? service.name} changed`;
  if (container.state === 'running') {
    const missing = expectedNetworks(project, service).filter((n) => !container.networks.includes(n));
    if (missing.length > 0) return `not attached to network ${missing.join(', ')}`;
  }
  return undefined;
}

function planService(
  project: ComposeProject,
  service: ServiceConfig,
  replicas: number,
  containers: readonly ObservedContainer[],
  image: ImageState | undefined,
  options: PlanOptions,
  forced: string | undefined,
): ComposeOperation[] {
  const ops: ComposeOperation[] = [];
  const sorted = [...containers].sort((a, b) => a.number - b.number);
  const kept = sorted.slice(0, replicas);
  for (const c of sorted.slice(replicas).reverse())
    ops.push({
      kind: 'remove-container',
      service: service.name,
      number: c.number,
      name: c.name,
      containerId: c.id,
      reason: `scale ${service.name} to ${replicas}`,
    });
  for (const c of kept) {
    const base = { service: service.name, number: c.number, name: c.name, containerId: c.id };
    const why =
      options.recreate === 'force'
        ? 'recreate forced'
        : options.recreate === 'never'
          ? undefined
          : (forced ?? recreateReason(project, service, c, image));
    if (why) ops.push({ ...base, kind: 'recreate-container', reason: why });
    else if (c.state === 'exited' && c.exitCode === 0 && (!service.restart || service.restart === 'no'))
      // A one-shot task that finished (an init or migration job) is done; it is not run again on every deploy.
      ops.push({ ...base, kind: 'keep-container', reason: 'up to date (completed, exit code 0)' });
    else if (c.state !== 'running')
      ops.push({
        ...base,
        kind: 'start-container',
        reason: `up to date but ${c.state}${c.exitCode !== undefined ? ` (exit code ${c.exitCode})` : ''}`,
      });
    else ops.push({ ...base, kind: 'keep-container', reason: 'up to date' });
  }
  let next = Math.max(0, ...containers.map((c) => c.number)) + 1;
  for (let i = kept.length; i < replicas; i++, next++) {
    const name = service.container_name ?? `${project.name}-${service.name}-${next}`;
    ops.push({
      kind: 'create-container',
      service: service.name,
      number: next,
      name,
      reason: containers.length === 0 && i === 0 ? newContainerReason(service, image) : `scale ${service.name} to ${replicas}`,
    });
  }
  return ops;
}

/**
 * The plain words for a service's first container: `new`, and for a service that builds, that its image was found
 * and not rebuilt (a Deploy builds only what is missing; `--build` rebuilds).
 */
export function newContainerReason(service: ServiceConfig, image: ImageState | undefined): string {
  return service.build && image?.kind === 'present' ? 'new; image exists, not rebuilt' : 'new';
}

function scaleBlockers(service: ServiceConfig, replicas: number): string[] {
  if (replicas <= 1) return [];
  const blockers: string[] = [];
  if (service.container_name)
    blockers.push(`${service.name} cannot run ${replicas} containers: container_name ${service.container_name} names only one`);
  for (const port of service.ports) {
    if (!port.published) continue;
    const [start = 0, end = start] = port.published.split('-').map(Number);
    if (end - start + 1 < replicas)
      blockers.push(
        `${service.name} cannot run ${replicas} containers: host port ${port.published} can be published by ${end - start + 1} of them only`,
      );
  }
  return blockers;
}

export function planCompose(
  project: ComposeProject,
  observed: ObservedProject,
  images: ReadonlyMap<string, ImageState>,
  options: PlanOptions = {},
): ComposePlan {
  const blockers: string[] = [];
  const warnings: string[] = [];
  const operations: ComposeOperation[] = [];
  const roots = options.services ?? Object.keys(project.services);
  for (const name of roots) if (!project.services[name]) blockers.push(`no service ${name} in the project`);
  const { order, cycles } = walkDependencies(project.services, roots);
  for (const cycle of cycles) blockers.push(cycleMessage(cycle.services));
  const services = order.flatMap((name) => project.services[name] ?? []);

  // A scale (recreate: never) leaves networks and volumes as they are; a deploy reconciles their drift.
  const resources = planResources(project, services, observed, { drift: options.recreate !== 'never' });
  operations.push(...resources.operations);
  blockers.push(...resources.blockers);
  for (const service of services) {
    const image = images.get(service.name);
    if (image && image.kind !== 'present')
      operations.push({
        kind: image.kind === 'build' ? 'build-image' : 'pull-image',
        service: service.name,
        image: service.image ?? `${project.name}-${service.name}`,
        reason: image.reason,
      });
  }
  for (const service of services) {
    const replicas = options.replicas?.[service.name] ?? service.replicas;
    blockers.push(...scaleBlockers(service, replicas));
    const containers = observed.containers.filter((c) => c.service === service.name && !c.oneoff);
    const forced = resources.forced.get(service.name);
    operations.push(...planService(project, service, replicas, containers, images.get(service.name), options, forced));
  }
  const known = new Set([...Object.keys(project.services), ...Object.keys(project.disabledServices)]);
  for (const orphan of observed.containers.filter((c) => !known.has(c.service) && !c.oneoff)) {
    if (options.removeOrphans)
      operations.push({
        kind: 'remove-container',
        service: orphan.service,
        number: orphan.number,
        name: orphan.name,
        containerId: orphan.id,
        reason: `orphan: service ${orphan.service} is no longer in the file`,
      });
    else
      warnings.push(
        `${orphan.name} belongs to service ${orphan.service}, which is no longer in the file (remove it with --remove-orphans)`,
      );
  }
  const imageIds = new Map([...images].flatMap(([name, state]) => (state.kind === 'present' ? [[name, state.id] as const] : [])));
  return { project, operations, order, blockers, warnings, dataLoss: resources.dataLoss, imageIds };
}

const VERB: Record<ComposeOperation['kind'], string> = {
  'create-network': 'create network',
  'recreate-network': 'recreate network',
  'create-volume': 'create volume',
  'recreate-volume': 'recreate volume',
  'build-image': 'build image',
  'pull-image': 'pull image',
  'create-container': 'create',
  'recreate-container': 'recreate',
  'start-container': 'start',
  'remove-container': 'remove',
  'keep-container': 'keep',
};

export function describeOperation(op: ComposeOperation): string {
  const subject = 'name' in op ? op.name : op.image;
  return `${VERB[op.kind]} ${subject}: ${op.reason}`;
}

/** True when applying would change nothing. */
export const isEmptyPlan = (plan: ComposePlan): boolean => plan.operations.every((op) => op.kind === 'keep-container');
