import { composePs, formatBytes, isSwarmManager, stackPs, type ContainerStats, type Engine } from '../../engine';
import type { Topology } from '../../../../server/src/service/protocol';
import type { NodeLiveState } from './render';

/**
 * Each service node's state on the engine, for the graph: running (all wanted replicas), partial, unhealthy,
 * restarting, stopped, or not deployed. From `composePs` for a Compose project and `stackPs` for a stack, by the
 * name the graph carries (the model's deployment name, as Deploy uses it).
 */
export interface TopologyLive {
  readonly states: Map<string, NodeLiveState>;
  /** A Compose service node's running containers, for their resource use. */
  readonly containers: Map<string, readonly string[]>;
}

/** The sum of the latest samples of a node's containers, in words (`CPU 12.0% · mem 30.1MiB`). */
export function nodeStatsText(ids: readonly string[], latest: (id: string) => ContainerStats | undefined): string | undefined {
  const samples = ids.flatMap((id) => latest(id) ?? []);
  if (samples.length === 0) return undefined;
  const cpu = samples.reduce((sum, s) => sum + (s.cpuPercent ?? 0), 0);
  const memory = samples.reduce((sum, s) => sum + s.memoryBytes, 0);
  return `CPU ${cpu.toFixed(1)}% · mem ${formatBytes(memory)}`;
}

export async function topologyLiveState(engine: Engine, topology: Topology): Promise<TopologyLive> {
  const live = new Map<string, NodeLiveState>();
  const containers = new Map<string, readonly string[]>();
  const services = topology.nodes.filter((n) => n.service !== undefined);
  if (topology.kind === 'compose') {
    const ps = await composePs(engine, topology.name);
    for (const node of services) {
      const status = ps.find((s) => s.service === node.service);
      if (!status) {
        live.set(node.id, { state: 'not-deployed', text: 'not deployed' });
        continue;
      }
      const unhealthy = status.containers.some((c) => c.health === 'unhealthy');
      const restarting = status.containers.some((c) => c.state === 'restarting');
      const state = restarting
        ? 'restarting'
        : unhealthy
          ? 'unhealthy'
          : status.running === 0
            ? 'stopped'
            : status.running < status.total
              ? 'partial'
              : 'running';
      containers.set(
        node.id,
        status.containers.filter((c) => c.state === 'running').map((c) => c.id),
      );
      const text = `${status.running}/${status.total} running${restarting ? ', restarting' : unhealthy ? ', unhealthy' : ''}`;
      live.set(node.id, { state, text });
    }
  } else if (topology.kind === 'stack' && (await isSwarmManager(engine))) {
    const ps = await stackPs(engine, topology.name);
    for (const node of services) {
      const status = ps.find((s) => s.name === `${topology.name}_${node.service ?? ''}`);
      if (!status) live.set(node.id, { state: 'not-deployed', text: 'not deployed' });
      else
        live.set(node.id, {
          state: status.running === 0 ? 'stopped' : status.running < status.desired ? 'partial' : 'running',
          text: `${status.running}/${status.desired} running`,
        });
    }
  }
  return { states: live, containers };
}
