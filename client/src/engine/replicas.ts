import type Docker from 'dockerode';
import type { Engine } from './connection';

/**
 * The containers of one service that a shell can go into: a compose service's containers, or a stack service's
 * tasks with the node each runs on. A shell needs the engine of the node that runs the container; `local` says
 * whether that is the engine asked.
 */

export interface ServiceRef {
  readonly kind: 'compose' | 'stack';
  /** The project or stack name. */
  readonly name: string;
  readonly service: string;
}

export interface Replica {
  /** The container's id; empty for a task that has no container yet. */
  readonly id: string;
  /** `web-1` (compose), `app_web.1` (stack). */
  readonly name: string;
  /** `running`, `exited`, `starting`… (the container's or the task's state). */
  readonly state: string;
  /** Swarm: the node's hostname and id. */
  readonly node?: string;
  readonly nodeId?: string;
  /** The container runs on the engine that was asked (always true for compose). */
  readonly local: boolean;
}

const COMPOSE_PROJECT = 'com.docker.compose.project';
const COMPOSE_SERVICE = 'com.docker.compose.service';
const COMPOSE_NUMBER = 'com.docker.compose.container-number';
const STACK_NAMESPACE = 'com.docker.stack.namespace';
const SWARM_SERVICE = 'com.docker.swarm.service.name';

/** The replicas of a service, running ones first, each group in replica-number order. */
export async function listReplicas(engine: Engine, ref: ServiceRef): Promise<Replica[]> {
  const replicas = ref.kind === 'compose' ? await composeReplicas(engine.docker, ref) : await stackReplicas(engine.docker, ref);
  const rank = (r: Replica): number => (r.state === 'running' ? 0 : 1);
  return replicas.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'en', { numeric: true }));
}

async function composeReplicas(docker: Docker, ref: ServiceRef): Promise<Replica[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${COMPOSE_PROJECT}=${ref.name}`, `${COMPOSE_SERVICE}=${ref.service}`] },
  });
  return containers
    .filter((c) => c.Labels['com.docker.compose.oneoff'] !== 'True')
    .map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, '') || `${ref.service}-${c.Labels[COMPOSE_NUMBER] ?? '?'}`,
      state: c.State,
      local: true,
    }));
}

interface TaskInfo {
  ID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  Status: { State: string; ContainerStatus?: { ContainerID?: string } };
}

async function stackReplicas(docker: Docker, ref: ServiceRef): Promise<Replica[]> {
  const service = `${ref.name}_${ref.service}`;
  const [tasks, nodes, info] = await Promise.all([
    docker.listTasks({ filters: { service: [service], 'desired-state': ['running'] } }) as Promise<unknown[]>,
    docker.listNodes() as Promise<{ ID: string; Description?: { Hostname?: string } }[]>,
    docker.info() as Promise<{ Swarm?: { NodeID?: string } }>,
  ]);
  const hostnames = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
  const here = info.Swarm?.NodeID ?? '';
  return (tasks as TaskInfo[]).map((t) => {
    const nodeId = t.NodeID ?? '';
    return {
      id: t.Status.ContainerStatus?.ContainerID ?? '',
      name: `${service}.${t.Slot ?? nodeId.slice(0, 12)}`,
      state: t.Status.State,
      node: hostnames.get(nodeId) ?? nodeId,
      nodeId,
      local: nodeId !== '' && nodeId === here,
    };
  });
}

/** The service a container belongs to, from its labels (compose or stack); undefined for a container of neither. */
export async function serviceOfContainer(docker: Docker, containerId: string): Promise<ServiceRef | undefined> {
  const labels = (await docker.getContainer(containerId).inspect()).Config.Labels ?? {};
  const project = labels[COMPOSE_PROJECT];
  const composeService = labels[COMPOSE_SERVICE];
  if (project && composeService) return { kind: 'compose', name: project, service: composeService };
  const stack = labels[STACK_NAMESPACE];
  const swarmService = labels[SWARM_SERVICE];
  if (stack && swarmService?.startsWith(`${stack}_`))
    return { kind: 'stack', name: stack, service: swarmService.slice(stack.length + 1) };
  return undefined;
}
