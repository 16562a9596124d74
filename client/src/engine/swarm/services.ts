import { LABELS } from '../compose/labels';
import type { Engine } from '../connection';
import { NAMESPACE_LABEL } from '../stack/serviceSpec';
import { servicesPlacedByLabel } from './nodeUpdate';

/** Swarm services and tasks as the editor's views and commands read them, through a manager. */

export interface RunningTask {
  readonly id: string;
  /** The service's name, or its id when the service is gone. */
  readonly service: string;
  readonly slot?: number;
  readonly nodeId?: string;
  readonly state: string;
  readonly error?: string;
}

/** The tasks the swarm wants running, each with its service's name. */
export async function runningTasks(engine: Engine): Promise<RunningTask[]> {
  type RawTask = { ID: string; ServiceID: string; Slot?: number; NodeID?: string; Status?: { State?: string; Err?: string } };
  const [tasks, services] = await Promise.all([
    engine.docker.listTasks({ filters: { 'desired-state': ['running'] } }) as Promise<RawTask[]>,
    engine.docker.listServices(),
  ]);
  const serviceName = new Map(services.map((s) => [s.ID, s.Spec?.Name ?? s.ID]));
  return tasks.map((t) => ({
    id: t.ID,
    service: serviceName.get(t.ServiceID) ?? t.ServiceID,
    ...(t.Slot !== undefined ? { slot: t.Slot } : {}),
    ...(t.NodeID ? { nodeId: t.NodeID } : {}),
    state: t.Status?.State ?? 'unknown',
    ...(t.Status?.Err ? { error: t.Status.Err } : {}),
  }));
}

/** Whether the service with exactly this name has a replica count (`global` and job modes do not); undefined when there is none. */
export async function serviceMode(engine: Engine, name: string): Promise<'replicated' | 'other' | undefined> {
  const [service] = (await engine.docker.listServices({ filters: { name: [name] } })).filter((s) => s.Spec?.Name === name);
  if (!service) return undefined;
  return service.Spec?.Mode?.Replicated ? 'replicated' : 'other';
}

/** The services whose placement constraints name `node.labels.<key>`. */
export async function servicesPlacedByNodeLabel(engine: Engine, key: string): Promise<string[]> {
  return servicesPlacedByLabel(await engine.docker.listServices(), key);
}

/** The running containers of a compose service, or the local tasks of a stack service, on this engine. */
export async function runningContainers(
  engine: Engine,
  deployment: { readonly kind: 'compose' | 'stack'; readonly name: string },
  service: string,
): Promise<{ readonly id: string; readonly name: string }[]> {
  const labels =
    deployment.kind === 'compose'
      ? [`${LABELS.project}=${deployment.name}`, `${LABELS.service}=${service}`]
      : [`${NAMESPACE_LABEL}=${deployment.name}`, `com.docker.swarm.service.name=${deployment.name}_${service}`];
  const containers = await engine.docker.listContainers({ filters: { label: labels, status: ['running'] } });
  return containers.map((c) => ({ id: c.Id, name: (c.Names[0] ?? c.Id).replace(/^\//, '') }));
}
