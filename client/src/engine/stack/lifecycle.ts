import type Docker from 'dockerode';
import type { Engine } from '../connection';
import { NAMESPACE_LABEL } from './serviceSpec';
import { engineMessage } from '../engineMessage';

/** Scale, remove and list a deployed stack, from the swarm's labels (no file needed). */

const filtersOf = (stack: string): { label: string[] } => ({ label: [`${NAMESPACE_LABEL}=${stack}`] });

/** Sets replica counts; refuses (before changing anything) global services, jobs and unknown names. */
export async function scaleStack(
  engine: Engine,
  stack: string,
  replicas: Readonly<Record<string, number>>,
): Promise<{ scaled: string[] }> {
  const { docker } = engine;
  const services = await docker.listServices({ filters: filtersOf(stack) });
  const byName = new Map(services.map((s) => [s.Spec?.Name ?? '', s]));
  const problems: string[] = [];
  for (const [name, count] of Object.entries(replicas)) {
    const service = byName.get(`${stack}_${name}`) ?? byName.get(name);
    if (!service) problems.push(`no service ${name} in stack ${stack}`);
    else if (!service.Spec?.Mode?.Replicated)
      problems.push(
        `${name} is not a replicated service (mode ${Object.keys(service.Spec?.Mode ?? {}).join('') || 'unknown'}): it runs where the swarm puts it, and cannot be scaled`,
      );
    if (!Number.isInteger(count) || count < 0) problems.push(`${name}: replicas must be a whole number ≥ 0`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const scaled: string[] = [];
  for (const [name, count] of Object.entries(replicas)) {
    const service = byName.get(`${stack}_${name}`) ?? byName.get(name);
    if (!service?.Spec) continue;
    for (let attempt = 1; ; attempt++) {
      const current = (await docker.getService(service.ID).inspect()) as Docker.Service;
      const spec = { ...current.Spec, Mode: { Replicated: { Replicas: count } } };
      try {
        await docker.getService(service.ID).update({ _query: { version: current.Version?.Index }, _body: spec });
        break;
      } catch (error) {
        if (attempt >= 5 || !/out of sequence/i.test(engineMessage(error)))
          throw new Error(`cannot scale ${name}: ${engineMessage(error)}`);
      }
    }
    scaled.push(`${service.Spec.Name ?? name}=${count}`);
  }
  return { scaled };
}

/**
 * A network stays "in use" for a moment after the last container has gone, and this node keeps its copy a little
 * after the manager has dropped it: retry until no network with the label is left, so that "removed" is true
 * when we return and a new deploy can reuse the names. Returns what still failed at the deadline.
 */
async function removeNetworks(
  docker: Docker,
  filters: { label: string[] },
  removed: string[],
  deadline: number,
): Promise<string[]> {
  const gone = new Set<string>();
  for (;;) {
    const left = await docker.listNetworks({ filters });
    if (left.length === 0) return [];
    const failures: string[] = [];
    for (const n of left) {
      try {
        if (!gone.has(n.Id)) await docker.getNetwork(n.Id).remove();
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) {
          failures.push(`cannot remove network ${n.Name}: ${engineMessage(error)}`);
          continue;
        }
      }
      if (!gone.has(n.Id)) removed.push(`network ${n.Name}`);
      gone.add(n.Id);
    }
    if (Date.now() >= deadline) return failures.length > 0 ? failures : left.map((n) => `network ${n.Name} is still listed`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** `docker stack rm`: services, then secrets, configs and networks with the stack's label. */
export async function removeStack(
  engine: Engine,
  stack: string,
  options: { readonly timeoutMs?: number } = {},
): Promise<{ removed: string[]; errors: string[] }> {
  const { docker } = engine;
  const filters = filtersOf(stack);
  const removed: string[] = [];
  const errors: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
      removed.push(what);
    } catch (error) {
      errors.push(`cannot remove ${what}: ${engineMessage(error)}`);
    }
  };
  for (const s of await docker.listServices({ filters }))
    await attempt(`service ${s.Spec?.Name ?? s.ID}`, () => docker.getService(s.ID).remove());
  // Networks, secrets and configs are in use until the tasks are gone.
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    const left = await docker.listContainers({ all: true, filters });
    if (left.length === 0) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  for (const s of await docker.listSecrets({ filters }))
    await attempt(`secret ${s.Spec?.Name ?? s.ID}`, () => docker.getSecret(s.ID).remove());
  for (const c of await docker.listConfigs({ filters }))
    await attempt(`config ${c.Spec?.Name ?? c.ID}`, () => docker.getConfig(c.ID).remove());
  errors.push(...(await removeNetworks(docker, filters, removed, deadline)));
  return { removed, errors };
}

export interface StackTaskStatus {
  readonly id: string;
  readonly slot?: number;
  /** The node's hostname ('' while the task is not assigned). */
  readonly node: string;
  readonly nodeId?: string;
  /** The node as the manager sees it now: `ready`, `down`, `unknown`, `disconnected`. */
  readonly nodeState?: string;
  /** `active`, `pause` or `drain`. */
  readonly nodeAvailability?: string;
  readonly state: string;
  readonly desiredState: string;
  readonly error?: string;
  readonly containerId?: string;
}

export interface StackServiceStatus {
  readonly name: string;
  readonly mode: string;
  readonly running: number;
  readonly desired: number;
  readonly image: string;
  readonly ports: readonly string[];
  /** Newest first; tasks moved off a lost node show there with desired state `shutdown`, their node `down`. */
  readonly tasks: readonly StackTaskStatus[];
  /** The service's last rolling update as swarm reports it (`updating`, `rollback_started`, `completed` …), if any. */
  readonly updateState?: string;
  readonly updateMessage?: string;
}

interface NodeSummary {
  readonly hostname: string;
  readonly state?: string;
  readonly availability?: string;
}

type RawNode = { ID: string; Description?: { Hostname?: string }; Status?: { State?: string }; Spec?: { Availability?: string } };
type RawTask = {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  Status: { State: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
  CreatedAt: string;
};

function taskStatus(t: RawTask, nodes: ReadonlyMap<string, NodeSummary>): StackTaskStatus {
  const node = t.NodeID ? nodes.get(t.NodeID) : undefined;
  return {
    id: t.ID,
    ...(t.Slot !== undefined ? { slot: t.Slot } : {}),
    node: node?.hostname ?? t.NodeID ?? '',
    ...(t.NodeID ? { nodeId: t.NodeID } : {}),
    ...(node?.state ? { nodeState: node.state } : {}),
    ...(node?.availability ? { nodeAvailability: node.availability } : {}),
    state: t.Status.State,
    desiredState: t.DesiredState,
    ...(t.Status.Err ? { error: t.Status.Err } : {}),
    ...(t.Status.ContainerStatus?.ContainerID ? { containerId: t.Status.ContainerStatus.ContainerID } : {}),
  };
}

/** `docker stack ps` and `services` in one: each service with its tasks (node and the node's state, task state, error). */
export async function stackPs(engine: Engine, stack: string): Promise<StackServiceStatus[]> {
  const { docker } = engine;
  const services = await docker.listServices({ filters: filtersOf(stack) });
  if (services.length === 0) return [];
  const [tasks, nodes] = await Promise.all([
    docker.listTasks({ filters: { service: services.map((s) => s.ID) } }) as Promise<unknown> as Promise<RawTask[]>,
    docker.listNodes() as Promise<RawNode[]>,
  ]);
  const nodeSummaries = new Map(
    nodes.map((n) => [
      n.ID,
      {
        hostname: n.Description?.Hostname ?? n.ID,
        ...(n.Status?.State ? { state: n.Status.State } : {}),
        ...(n.Spec?.Availability ? { availability: n.Spec.Availability } : {}),
      },
    ]),
  );
  return services
    .map((s) => {
      const mine = tasks.filter((t) => t.ServiceID === s.ID).sort((a, b) => Date.parse(b.CreatedAt) - Date.parse(a.CreatedAt));
      const mode = s.Spec?.Mode;
      const wanted = mine.filter((t) => t.DesiredState === 'running');
      const ports = (
        (
          s.Endpoint as
            { Ports?: { PublishedPort?: number; TargetPort?: number; Protocol?: string; PublishMode?: string }[] } | undefined
        )?.Ports ?? []
      ).map(
        (p) =>
          `${p.PublishedPort ?? ''}->${p.TargetPort ?? ''}/${p.Protocol ?? 'tcp'}${p.PublishMode === 'host' ? ' (host)' : ''}`,
      );
      const update = (s as { UpdateStatus?: { State?: string; Message?: string } }).UpdateStatus;
      return {
        name: s.Spec?.Name ?? s.ID,
        ...(update?.State ? { updateState: update.State } : {}),
        ...(update?.Message ? { updateMessage: update.Message } : {}),
        mode: mode?.Replicated ? 'replicated' : (Object.keys(s.Spec?.Mode ?? {})[0]?.toLowerCase() ?? 'unknown'),
        running: wanted.filter((t) => t.Status.State === 'running').length,
        desired: mode?.Replicated ? (mode.Replicated.Replicas ?? 0) : wanted.length,
        image: (s.Spec?.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined)?.ContainerSpec?.Image ?? '',
        ports,
        // Those that should run first, then the newest: a wide service's running tasks are never cut off by history.
        tasks: [...wanted, ...mine.filter((t) => t.DesiredState !== 'running')]
          .slice(0, Math.max(20, wanted.length + 10))
          .map((t) => taskStatus(t, nodeSummaries)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every stack on the swarm, by the namespace label of its services. */
export async function listStacks(engine: Engine): Promise<{ name: string; services: number }[]> {
  let services: Docker.Service[];
  try {
    services = await engine.docker.listServices({ filters: { label: [NAMESPACE_LABEL] } });
  } catch {
    return []; // not a swarm manager
  }
  const counts = new Map<string, number>();
  for (const s of services) {
    const name = s.Spec?.Labels?.[NAMESPACE_LABEL] ?? '';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ name, services: count })).sort((a, b) => a.name.localeCompare(b.name));
}

/** True when swarm services carry the stack's namespace label; false on an engine that is no swarm manager. */
export async function stackExists(engine: Engine, stack: string): Promise<boolean> {
  try {
    const services = await engine.docker.listServices({ filters: { label: [`${NAMESPACE_LABEL}=${stack}`] } });
    return services.length > 0;
  } catch {
    return false; // not a swarm manager: no stacks here
  }
}
