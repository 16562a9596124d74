import type Docker from 'dockerode';
import type { Engine } from './connection';
import { stackPs, type StackServiceStatus } from './stack/lifecycle';
import type { NodeEngines } from './swarm/nodeEngines';

/**
 * What a name's resource use is read from: a container, a compose project's containers, or a swarm stack's running
 * tasks wherever they run. The manager's API has no stats of a container on another node, so a task there is read
 * from that node's own engine, found as Attach Shell finds it (`NodeEngines.forNode`, from the configured node
 * endpoints); without a usable endpoint the task is listed as unavailable, with the reason.
 */

export interface StatsTarget {
  /** The container's id. */
  readonly id: string;
  /** The container's name, or a stack task's name (`app_web.2`). */
  readonly name: string;
  /** The engine that runs the container, when it is not the one asked (a task on another swarm node). */
  readonly docker?: Docker;
  /** A stack task's node (hostname). */
  readonly node?: string;
  /** Why this task's resource use cannot be read (no endpoint for its node, or the endpoint does not answer). */
  readonly unavailable?: string;
  /** Its node's engine has not answered yet (within a view's patience): it is listed again once it does. */
  readonly connecting?: boolean;
}

/**
 * How a view waits for the other nodes' engines: a node whose engine has not answered after `patienceMs` is listed as
 * connecting (with the last failure, when an earlier try failed) instead of holding the whole listing, and `onLate`
 * is called once that connection has settled, so the view lists again. A failure is kept in `failures` by node.
 */
/** How long the editor's views wait for another node's engine before listing its tasks as connecting. */
export const NODE_PATIENCE_MS = 1500;

export interface NodePatience {
  readonly patienceMs: number;
  readonly onLate: () => void;
  readonly failures: Map<string, string>;
}

/** The running tasks of a stack's services, each read through the engine of its node or marked unavailable. */
export async function stackStatsTargets(
  nodes: NodeEngines,
  services: readonly StackServiceStatus[],
  patience?: NodePatience,
): Promise<StatsTarget[]> {
  const tasks = services.flatMap((s) =>
    s.tasks
      .filter((t) => t.desiredState === 'running' && t.state === 'running' && t.containerId)
      .map((t) => ({ service: s.name, task: t })),
  );
  let lateCalled = false;
  return Promise.all(
    tasks.map(async ({ service, task }): Promise<StatsTarget> => {
      const name = `${service}.${task.slot ?? (task.nodeId ?? task.id).slice(0, 12)}`;
      const base = { id: task.containerId ?? task.id, name, node: task.node };
      const reached = nodes.forNode({ id: task.nodeId ?? '', hostname: task.node }, `resource use of ${name}`).then(
        (engine): StatsTarget => {
          patience?.failures.delete(task.node ?? '');
          return engine === nodes.manager ? base : { ...base, docker: engine.docker };
        },
        (error: unknown): StatsTarget => {
          const reason = error instanceof Error ? error.message : String(error);
          patience?.failures.set(task.node ?? '', reason);
          return { ...base, unavailable: reason };
        },
      );
      if (!patience) return reached;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), patience.patienceMs)));
      const first = await Promise.race([reached, late]);
      clearTimeout(timer);
      if (first !== 'late') return first;
      void reached.then(() => {
        if (lateCalled) return;
        lateCalled = true;
        patience.onLate();
      });
      const failed = patience.failures.get(task.node ?? '');
      return {
        ...base,
        connecting: true,
        unavailable: failed
          ? `${failed} (trying again)`
          : `connecting to the engine of node ${task.node ?? task.nodeId ?? '?'} (no answer after ${patience.patienceMs / 1000} s)`,
      };
    }),
  );
}

/**
 * The containers a name stands for: a container (name or id), else the running containers of the compose project of
 * that name, and the running tasks of the swarm stack of that name (through `nodes` when this engine manages a
 * swarm; else the stack's containers on this engine). None: an empty list. A view passes `patience` (see NodePatience).
 */
export async function findStatsTargets(
  engine: Engine,
  name: string,
  nodes: NodeEngines,
  patience?: NodePatience,
): Promise<StatsTarget[]> {
  const { docker } = engine;
  try {
    const inspect = await docker.getContainer(name).inspect();
    return [{ id: inspect.Id, name: inspect.Name.replace(/^\//, '') }];
  } catch {
    // Not a container: a project or a stack.
  }
  const labelled = async (label: string): Promise<StatsTarget[]> =>
    (await docker.listContainers({ filters: { label: [`${label}=${name}`] } })).map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    }));
  const services = await stackPs(engine, name).catch(() => []); // not a swarm manager: no services to list
  const stack =
    services.length > 0 ? await stackStatsTargets(nodes, services, patience) : await labelled('com.docker.stack.namespace');
  return [...(await labelled('com.docker.compose.project')), ...stack];
}
