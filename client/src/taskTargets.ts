import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { checkNodeEndpoints, NodeEngines, stackPs, type Engine, type NodeEndpoints } from './engine';
import { Cancelled, containerTarget, serviceTarget } from './targets';

/**
 * Where a shell goes: a container of this engine, or a swarm task on any node. A task on another node than the
 * manager is reached through that node's own engine, from `stevedore.swarm.nodeEndpoints` (the manager's API cannot
 * exec there); without an entry the error names the node and the setting, and the command offers to open it.
 */

export const NODE_ENDPOINTS_SETTING = 'stevedore.swarm.nodeEndpoints';

export interface ShellPlace {
  readonly docker: Docker;
  readonly containerId: string;
  readonly label: string;
  /** Closes the connection to the task's node, if one was opened for it. */
  release(): Promise<void>;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The restricted setting, checked (VS Code does not enforce the schema on what users write). */
export function nodeEndpoints(): NodeEndpoints {
  const value = vscode.workspace.getConfiguration('stevedore.swarm').get<unknown>('nodeEndpoints');
  const problems = checkNodeEndpoints(value);
  if (problems.length > 0) throw new Error(`${NODE_ENDPOINTS_SETTING}: ${problems.join('; ')}`);
  return (value ?? {}) as NodeEndpoints;
}

/** The engines of the swarm's nodes as this workspace configures them; the caller disposes it. */
export function nodeEnginesFor(manager: Engine): NodeEngines {
  return new NodeEngines(manager, { endpoints: nodeEndpoints(), setting: NODE_ENDPOINTS_SETTING });
}

async function taskPlace(engine: Engine, taskId: string): Promise<ShellPlace> {
  const engines = nodeEnginesFor(engine);
  try {
    const found = await engines.forTask(taskId);
    return {
      docker: found.engine.docker,
      containerId: found.containerId,
      label: `${found.task.name}@${found.task.hostname}`,
      release: () => engines.dispose(),
    };
  } catch (error) {
    await engines.dispose();
    throw error;
  }
}

export async function shellPlace(engine: Engine, arg: unknown): Promise<ShellPlace> {
  const a = rec(arg);
  const task = text(a['task']);
  if (task) return taskPlace(engine, task);
  const local = (id: string, label: string): ShellPlace => ({
    docker: engine.docker,
    containerId: id,
    label,
    release: () => Promise.resolve(),
  });
  if (text(a['container'])) {
    const target = await containerTarget(engine, arg);
    return local(target.id, target.label);
  }
  const target = await serviceTarget(engine, arg);
  if (target.deployment.kind === 'compose') {
    const container = await containerTarget(engine, { project: target.deployment.name, service: target.service });
    return local(container.id, container.label);
  }
  // A stack service: its tasks on every node, through the manager.
  const name = `${target.deployment.name}_${target.service}`;
  const service = (await stackPs(engine, target.deployment.name)).find((s) => s.name === name);
  const running = (service?.tasks ?? []).filter((t) => t.state === 'running' && t.desiredState === 'running');
  if (running.length === 0) throw new Error(`${name} has no running task`);
  const pick =
    running.length === 1
      ? running[0]
      : (
          await vscode.window.showQuickPick(
            running.map((t) => ({ label: `${name}.${t.slot ?? t.id.slice(0, 12)}`, description: `on ${t.node}`, task: t })),
            { title: `Task of ${name}` },
          )
        )?.task;
  if (!pick) throw new Cancelled();
  return taskPlace(engine, pick.id);
}
