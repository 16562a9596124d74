import type Docker from 'dockerode';
import type { Engine } from '../connection';
import { engineMessage } from '../engineMessage';

/** The nodes of the swarm an engine manages, as `docker node ls` and `docker node inspect` show them. */

export type NodeRole = 'manager' | 'worker';
export type NodeAvailability = 'active' | 'pause' | 'drain';

export interface SwarmNode {
  readonly id: string;
  readonly hostname: string;
  readonly role: NodeRole;
  /** Managers only: `reachable`, `unreachable` or `unknown`. */
  readonly reachability?: string;
  readonly leader: boolean;
  readonly availability: NodeAvailability;
  /** `ready`, `down`, `unknown` or `disconnected`, as the managers see the node. */
  readonly state: string;
  /** Why the node is not ready, when the swarm says so. */
  readonly message?: string;
  readonly engineVersion: string;
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Tasks the swarm wants running on the node, and how many of them run. */
  readonly tasks: { readonly running: number; readonly total: number };
  /** The node of the engine we are connected to (`*` in `docker node ls`). */
  readonly self: boolean;
  /** The spec version, for an update that must not overwrite someone else's change. */
  readonly version: number;
}

/** The fields of the engine's node object this module reads (dockerode's types leave most of them out). */
export interface RawNode {
  ID: string;
  Version?: { Index?: number };
  Spec?: { Role?: string; Availability?: string; Labels?: Record<string, string>; Name?: string };
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
  Status?: { State?: string; Message?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}

interface RawTask {
  NodeID?: string;
  DesiredState?: string;
  Status?: { State?: string };
}

/** What the engine says when it is not a swarm manager, in words that say what to do. */
export function notAManager(error: unknown): Error {
  const message = engineMessage(error);
  if (/not a swarm manager|not part of a swarm|swarm.*inactive/i.test(message))
    return new Error(`this engine is not a swarm manager (${message}); connect to a manager of the swarm to manage its nodes`);
  return error instanceof Error ? error : new Error(message);
}

export function toSwarmNode(raw: RawNode, tasks: { running: number; total: number }, selfId: string): SwarmNode {
  const status = raw.Status ?? {};
  return {
    id: raw.ID,
    hostname: raw.Description?.Hostname ?? raw.ID,
    role: raw.Spec?.Role === 'manager' ? 'manager' : 'worker',
    ...(raw.ManagerStatus?.Reachability ? { reachability: raw.ManagerStatus.Reachability } : {}),
    leader: raw.ManagerStatus?.Leader === true,
    availability: (raw.Spec?.Availability ?? 'active') as NodeAvailability,
    state: status.State ?? 'unknown',
    ...(status.Message ? { message: status.Message } : {}),
    engineVersion: raw.Description?.Engine?.EngineVersion ?? '',
    // A manager's Status.Addr can be 0.0.0.0 (docker/cli shows the manager address then); prefer the real one.
    address: (status.Addr && status.Addr !== '0.0.0.0' ? status.Addr : raw.ManagerStatus?.Addr?.replace(/:\d+$/, '')) ?? '',
    labels: { ...(raw.Spec?.Labels ?? {}) },
    tasks,
    self: raw.ID === selfId,
    version: raw.Version?.Index ?? 0,
  };
}

/** Running / wanted tasks per node id, from the tasks the swarm wants running. */
export function countTasks(tasks: readonly RawTask[]): Map<string, { running: number; total: number }> {
  const counts = new Map<string, { running: number; total: number }>();
  for (const t of tasks) {
    if (!t.NodeID || t.DesiredState !== 'running') continue;
    const c = counts.get(t.NodeID) ?? { running: 0, total: 0 };
    c.total++;
    if (t.Status?.State === 'running') c.running++;
    counts.set(t.NodeID, c);
  }
  return counts;
}

/** Every node of the swarm, managers first, then by hostname. */
export async function listNodes(engine: Engine): Promise<SwarmNode[]> {
  const { docker } = engine;
  let raw: RawNode[];
  let tasks: RawTask[];
  let info: { Swarm?: { NodeID?: string } };
  try {
    [raw, tasks, info] = await Promise.all([
      docker.listNodes() as Promise<RawNode[]>,
      docker.listTasks({ filters: { 'desired-state': ['running'] } }) as Promise<RawTask[]>,
      docker.info() as Promise<{ Swarm?: { NodeID?: string } }>,
    ]);
  } catch (error) {
    throw notAManager(error);
  }
  const counts = countTasks(tasks);
  return raw
    .map((n) => toSwarmNode(n, counts.get(n.ID) ?? { running: 0, total: 0 }, info.Swarm?.NodeID ?? ''))
    .sort((a, b) => (a.role === b.role ? a.hostname.localeCompare(b.hostname) : a.role === 'manager' ? -1 : 1));
}

/** One node by id, id prefix or hostname, as the engine resolves it (`docker node inspect NODE`). */
export async function inspectNode(docker: Docker, node: string): Promise<RawNode> {
  if (!node.trim()) throw new Error('no node given');
  try {
    return (await docker.getNode(node).inspect()) as RawNode;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) throw new Error(`no node ${node} in this swarm`);
    throw notAManager(error);
  }
}
