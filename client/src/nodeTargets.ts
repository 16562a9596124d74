import * as vscode from 'vscode';
import { listNodes, type Engine } from './engine';
import { Cancelled } from './targets';

/**
 * The node a node command acts on: from its argument (a Nodes view item `{ node, hostname, version }`, a label item,
 * a test's `{ node: 'worker-1' }` by hostname or id), else picked from the swarm's nodes.
 */
export interface NodeTarget {
  /** Id, or a hostname the engine resolves. */
  readonly node: string;
  readonly hostname: string;
  /** The version the item showed: an update then refuses a node changed since. */
  readonly version?: number;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export async function nodeTarget(engine: Engine, arg: unknown, title: string): Promise<NodeTarget> {
  const a = rec(arg);
  const node = text(a['node']);
  if (node) {
    const version = typeof a['version'] === 'number' ? a['version'] : undefined;
    return { node, hostname: text(a['hostname']) ?? node, ...(version !== undefined ? { version } : {}) };
  }
  const nodes = await listNodes(engine);
  const pick = await vscode.window.showQuickPick(
    nodes.map((n) => ({
      label: n.hostname,
      description: `${n.role} · ${n.availability} · ${n.state} · ${n.tasks.running}/${n.tasks.total} tasks`,
      node: n,
    })),
    { title },
  );
  if (!pick) throw new Cancelled();
  return { node: pick.node.id, hostname: pick.node.hostname, version: pick.node.version };
}

/** " on tcp://…" when the engine is not the local one, for confirmations. */
export function whereIfRemote(local: boolean, engine: Engine): string {
  return local ? '' : ` on ${engine.endpoint.url}`;
}
