import {
  addNodeLabel,
  listNodes,
  parseLabelEdit,
  removeNodeLabel,
  setNodeAvailability,
  type NodeAvailability,
  type SwarmNode,
} from '../engine';
import { parseArgs, UsageError } from './args';
import { CommandFailed, type Out } from './composeCommands';
import { CONNECTION, withEngine } from './engineCommands';

/** `stevedore nodes` and `stevedore node drain|activate|pause|label`: a swarm's nodes, through a manager. */

const failed = (error: unknown): CommandFailed => new CommandFailed(error instanceof Error ? error.message : String(error));

/** Columns padded to their widest cell; the last one is not padded. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export function managerStatus(node: SwarmNode): string {
  if (node.role !== 'manager') return 'worker';
  return node.leader ? 'manager (leader)' : `manager (${node.reachability ?? 'unknown'})`;
}

export function nodeRows(nodes: readonly SwarmNode[]): string[][] {
  return [
    ['HOSTNAME', 'ID', 'ROLE', 'AVAILABILITY', 'STATE', 'ENGINE', 'ADDRESS', 'TASKS', 'LABELS'],
    ...nodes.map((n) => [
      `${n.hostname}${n.self ? ' *' : ''}`,
      n.id.slice(0, 12),
      managerStatus(n),
      n.availability,
      n.state,
      n.engineVersion,
      n.address,
      `${n.tasks.running}/${n.tasks.total}`,
      Object.entries(n.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ]),
  ];
}

export async function nodesCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: CONNECTION, flags: [] });
  if (args.positional.length > 0) throw new UsageError('nodes takes no arguments');
  await withEngine(args, async (engine) => {
    let nodes: SwarmNode[];
    try {
      nodes = await listNodes(engine);
    } catch (error) {
      throw failed(error);
    }
    for (const line of table(nodeRows(nodes))) out(line);
  });
}

const AVAILABILITY: Readonly<Record<string, NodeAvailability>> = { drain: 'drain', activate: 'active', pause: 'pause' };

export async function nodeCommand(argv: readonly string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: CONNECTION, flags: [] });
  const [action, node, ...rest] = args.positional;
  if (!action || !node) throw new UsageError('node needs an action (drain, activate, pause, label) and a NODE');
  const availability = AVAILABILITY[action];
  if (availability) {
    if (rest.length > 0) throw new UsageError(`node ${action} takes one NODE`);
    await withEngine(args, async (engine) => {
      const result = await setNodeAvailability(engine, node, availability).catch((error: unknown) => {
        throw failed(error);
      });
      out(`node ${result.hostname}: availability ${availability}`);
    });
    return;
  }
  if (action !== 'label') throw new UsageError(`unknown node action '${action}' (drain, activate, pause, label)`);
  if (rest.length === 0) throw new UsageError('node label needs key=value (add) or key- (remove)');
  const edits = rest.map((text) => {
    try {
      return parseLabelEdit(text);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  });
  await withEngine(args, async (engine) => {
    for (const edit of edits) {
      try {
        const result =
          edit.value === undefined
            ? await removeNodeLabel(engine, node, edit.key)
            : await addNodeLabel(engine, node, edit.key, edit.value);
        out(
          `node ${result.hostname}: ${edit.value === undefined ? `label ${edit.key} removed` : `label ${edit.key}=${edit.value}`}`,
        );
      } catch (error) {
        throw failed(error);
      }
    }
  });
}
