import * as vscode from 'vscode';
import { checkNodeEndpoints, NodeEngines, type Engine, type NodeEndpoints } from './engine';

/**
 * The engines of a swarm's other nodes, as this workspace configures them: a shell in a task that runs on another
 * node than the manager goes through that node's own engine (the manager's API cannot exec there). Without an entry
 * for the node, `NodeEngines` says which node and which setting, and the command wrapper offers to open it.
 */

export const NODE_ENDPOINTS_SETTING = 'stevedore.swarm.nodeEndpoints';

/** The restricted setting, checked (VS Code does not enforce the schema on what users write). */
export function nodeEndpoints(): NodeEndpoints {
  const value = vscode.workspace.getConfiguration('stevedore.swarm').get<unknown>('nodeEndpoints');
  const problems = checkNodeEndpoints(value);
  if (problems.length > 0) throw new Error(`${NODE_ENDPOINTS_SETTING}: ${problems.join('; ')}`);
  return (value ?? {}) as NodeEndpoints;
}

/** The node engines of the swarm `manager` manages; the caller disposes it (closing the node connections). */
export function nodeEnginesFor(manager: Engine): NodeEngines {
  return new NodeEngines(manager, { endpoints: nodeEndpoints(), setting: NODE_ENDPOINTS_SETTING });
}

/**
 * The node engines for reading (stats): with a broken setting, none of the other nodes is reachable and `problem`
 * says why, for the caller to show in place of each such node's own reason.
 */
export function readableNodeEngines(manager: Engine): { nodes: NodeEngines; problem?: string } {
  try {
    return { nodes: nodeEnginesFor(manager) };
  } catch (error) {
    return {
      nodes: new NodeEngines(manager, { endpoints: {}, setting: NODE_ENDPOINTS_SETTING }),
      problem: error instanceof Error ? error.message : String(error),
    };
  }
}
