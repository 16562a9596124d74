import { connectEngine, type Engine } from '../connection';
import { engineMessage } from '../engineMessage';
import type { ConnectOptions } from '../resolveEndpoint';
import { inspectNode } from './nodes';

/**
 * A swarm manager lists every task but can exec only into containers of its own node: a shell in a task on another
 * node needs that node's own engine. The user maps node hostnames (or ids) to engine addresses or docker contexts;
 * this module finds a task's node, connects to its engine (once per endpoint) and checks that the engine it reached
 * is that node.
 */

/** Node hostname or id → engine address (`unix://`, `tcp://`, `ssh://`) or docker context name. */
export type NodeEndpoints = Readonly<Record<string, string>>;

/** No endpoint is configured for the node a task runs on; `node` names it, `setting` is where to fill it. */
export class NodeEndpointMissingError extends Error {
  constructor(
    readonly node: string,
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

/** A configured value as connection options: an address has a scheme, anything else names a docker context. */
export function nodeConnectOptions(value: string): ConnectOptions {
  const trimmed = value.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? { host: trimmed } : { context: trimmed };
}

/** Checks a settings value: an object of non-empty strings. Returns the problems, empty when it is usable. */
export function checkNodeEndpoints(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return ['must be an object of node hostname → address or context'];
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => typeof v !== 'string' || !v.trim())
    .map(([k]) => `${k}: needs an engine address or a context name`);
}

export interface TaskLocation {
  readonly taskId: string;
  /** `service.slot` (replicated) or `service.nodeId` (global), as `docker service ps` names tasks. */
  readonly name: string;
  /** The service's name, and the stack it belongs to (its `com.docker.stack.namespace` label), if any. */
  readonly service: string;
  readonly stack?: string;
  readonly nodeId: string;
  readonly hostname: string;
  readonly containerId?: string;
  readonly state: string;
}

interface RawTask {
  ID: string;
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  Status?: { State?: string; ContainerStatus?: { ContainerID?: string } };
}

/** Where a task runs, from the manager. */
export async function locateTask(manager: Engine, taskId: string): Promise<TaskLocation> {
  let task: RawTask;
  try {
    task = (await manager.docker.getTask(taskId).inspect()) as RawTask;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) throw new Error(`no task ${taskId} in this swarm`);
    throw new Error(`cannot read task ${taskId}: ${engineMessage(error)}`);
  }
  if (!task.NodeID) throw new Error(`task ${taskId} is not assigned to a node yet (${task.Status?.State ?? 'unknown'})`);
  const [node, service] = await Promise.all([
    inspectNode(manager.docker, task.NodeID),
    task.ServiceID
      ? (
          manager.docker.getService(task.ServiceID).inspect() as Promise<{
            Spec?: { Name?: string; Labels?: Record<string, string> };
          }>
        ).catch(() => undefined)
      : Promise.resolve(undefined),
  ]);
  const serviceName = service?.Spec?.Name ?? task.ServiceID ?? 'task';
  const containerId = task.Status?.ContainerStatus?.ContainerID;
  const stack = service?.Spec?.Labels?.['com.docker.stack.namespace'];
  return {
    taskId: task.ID,
    name: `${serviceName}.${task.Slot ?? task.NodeID}`,
    service: serviceName,
    ...(stack ? { stack } : {}),
    nodeId: task.NodeID,
    hostname: node.Description?.Hostname ?? task.NodeID,
    ...(containerId ? { containerId } : {}),
    state: task.Status?.State ?? 'unknown',
  };
}

export interface NodeEnginesOptions {
  readonly endpoints: NodeEndpoints;
  /** Where the user fills the endpoints, named in errors: a setting (`stevedore.swarm.nodeEndpoints`) or an option. */
  readonly setting: string;
  /** Connects to an endpoint (default connectEngine); tests and the editor pass their own. */
  readonly connect?: (options: ConnectOptions) => Promise<Engine>;
}

/** The engines of a swarm's nodes, reached through the manager's knowledge and the configured endpoints. */
export class NodeEngines {
  private readonly connections = new Map<string, Promise<Engine>>();
  private selfId: Promise<string> | undefined;
  /** Aborted by dispose(): a node engine still being reached is given up, not waited for. */
  private closing = new AbortController();

  constructor(
    readonly manager: Engine,
    private readonly options: NodeEnginesOptions,
  ) {}

  private managerNodeId(): Promise<string> {
    this.selfId ??= (this.manager.docker.info() as Promise<{ Swarm?: { NodeID?: string } }>).then((i) => i.Swarm?.NodeID ?? '');
    return this.selfId;
  }

  /** The configured endpoint of a node: by hostname first, then by full id. */
  endpointOf(node: { id: string; hostname: string }): { key: string; value: string } | undefined {
    for (const key of [node.hostname, node.id]) {
      const value = this.options.endpoints[key];
      if (typeof value === 'string' && value.trim()) return { key, value };
    }
    return undefined;
  }

  /** The engine of a node: the manager's own for its node, else the configured one, checked to be that node. */
  async forNode(node: { id: string; hostname: string }, why = 'reach it'): Promise<Engine> {
    if (node.id === (await this.managerNodeId())) return this.manager;
    const endpoint = this.endpointOf(node);
    if (!endpoint) {
      const configured = Object.keys(this.options.endpoints);
      throw new NodeEndpointMissingError(
        node.hostname,
        this.options.setting,
        `${why} needs the engine of node ${node.hostname}: the manager's API cannot do that on another node. ` +
          `Set ${this.options.setting} for "${node.hostname}" to that node's engine address (unix://, tcp://, ssh://) or docker context` +
          ` (configured now: ${configured.length > 0 ? configured.join(', ') : 'none'}).`,
      );
    }
    let connection = this.connections.get(endpoint.value);
    if (!connection) {
      connection = this.connectChecked(node, endpoint);
      this.connections.set(endpoint.value, connection);
      connection.catch(() => this.connections.delete(endpoint.value));
    }
    return connection;
  }

  private async connectChecked(
    node: { id: string; hostname: string },
    endpoint: { key: string; value: string },
  ): Promise<Engine> {
    const where = `${this.options.setting}["${endpoint.key}"] (${endpoint.value})`;
    let engine: Engine;
    try {
      engine = await (this.options.connect ?? connectEngine)({
        ...nodeConnectOptions(endpoint.value),
        signal: this.closing.signal,
      });
    } catch (error) {
      throw new Error(
        `cannot reach node ${node.hostname} through ${where}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const info = (await engine.docker.info().catch(() => ({}))) as { Swarm?: { NodeID?: string }; Name?: string };
    if (info.Swarm?.NodeID !== node.id) {
      await engine.dispose();
      throw new Error(
        `${where} reaches the engine of ${info.Name ?? 'another host'} (swarm node ${info.Swarm?.NodeID || 'none'}), not node ${node.hostname} (${node.id}): fix the setting`,
      );
    }
    return engine;
  }

  /** The engine of a node known only by id (or hostname): the manager says which node it is. */
  async forNodeId(node: string, why = 'reach it'): Promise<Engine> {
    const raw = await inspectNode(this.manager.docker, node);
    return this.forNode({ id: raw.ID, hostname: raw.Description?.Hostname ?? raw.ID }, why);
  }

  /** A task's node engine and its container there: what a shell or an exec in the task needs. */
  async forTask(taskId: string, why = 'a shell in it'): Promise<{ engine: Engine; task: TaskLocation; containerId: string }> {
    const task = await locateTask(this.manager, taskId);
    if (!task.containerId) throw new Error(`task ${task.name} on ${task.hostname} has no container (it is ${task.state})`);
    const engine = await this.forNode({ id: task.nodeId, hostname: task.hostname }, `${why} (task ${task.name})`);
    return { engine, task, containerId: task.containerId };
  }

  /** Closes the node connections (never the manager's, which the caller owns). */
  async dispose(): Promise<void> {
    // A node that has not answered yet (a hung engine, a black-holed address) is given up at once: closing never
    // waits for the connection timeout.
    this.closing.abort();
    this.closing = new AbortController();
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((c) => c.then((e) => (e === this.manager ? undefined : e.dispose())).catch(() => undefined)));
  }
}
