import * as vscode from 'vscode';
import { addNodeLabel, inspectNode, parseLabelEdit, removeNodeLabel, servicesPlacedByNodeLabel, type Engine } from '../engine';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import type { StevedoreContext } from '../context';
import { nodeTarget, whereIfRemote, type NodeTarget } from '../nodeTargets';
import { Cancelled } from '../targets';

/**
 * Stevedore: Add Node Label… / Remove Node Label…. Labels are what `placement.constraints` (`node.labels.zone ==
 * east`) select on. The update carries the version the view showed, so a node changed meanwhile is not overwritten.
 * When services place by the label, the change asks first: the swarm stops their tasks that no longer match.
 */

async function confirmIfPlaced(
  ctx: StevedoreContext,
  engine: Engine,
  target: NodeTarget,
  key: string,
  what: string,
  confirmed: boolean,
): Promise<void> {
  if (confirmed) return;
  const placed = await servicesPlacedByNodeLabel(engine, key);
  if (placed.length === 0) return;
  const answer = await vscode.window.showWarningMessage(
    `${what} on node ${target.hostname}${whereIfRemote(ctx.engines.describe().local, engine)}? ${placed.join(', ')} place tasks by node.labels.${key}: the swarm stops their tasks on this node that no longer match.`,
    { modal: true },
    'Change Label',
  );
  if (answer !== 'Change Label') throw new Cancelled();
}

const versionOf = (target: { version?: number }): { expectedVersion?: number } =>
  target.version !== undefined ? { expectedVersion: target.version } : {};

export async function addLabel(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const target = await nodeTarget(engine, arg, 'Add a label to which node?');
  const given = readCommandArgs(COMMANDS.addNodeLabel, arg);
  const text =
    given.label !== undefined
      ? given.label
      : await vscode.window.showInputBox({
          title: `Label for node ${target.hostname}`,
          prompt: 'key=value (placement constraints select on node.labels.key)',
          validateInput: (value) => {
            try {
              return parseLabelEdit(value).value === undefined ? 'write key=value' : undefined;
            } catch (error) {
              return (error as Error).message;
            }
          },
        });
  if (text === undefined) throw new Cancelled();
  const edit = parseLabelEdit(text);
  if (edit.value === undefined) throw new Error(`write key=value to add a label, not ${JSON.stringify(text)}`);
  await confirmIfPlaced(ctx, engine, target, edit.key, `Set label ${edit.key}=${edit.value}`, given.confirmed === true);
  const result = await addNodeLabel(engine, target.node, edit.key, edit.value, versionOf(target));
  return `node ${result.hostname}: label ${edit.key}=${edit.value}`;
}

export async function removeLabel(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const target = await nodeTarget(engine, arg, 'Remove a label from which node?');
  const given = readCommandArgs(COMMANDS.removeNodeLabel, arg);
  let key = given.key;
  if (key === undefined) {
    const labels = (await inspectNode(engine.docker, target.node)).Spec?.Labels ?? {};
    if (Object.keys(labels).length === 0) throw new Error(`node ${target.hostname} has no labels`);
    const pick = await vscode.window.showQuickPick(
      Object.entries(labels).map(([k, v]) => ({ label: k, description: v })),
      { title: `Remove which label of ${target.hostname}?` },
    );
    if (!pick) throw new Cancelled();
    key = pick.label;
  }
  await confirmIfPlaced(ctx, engine, target, key, `Remove label ${key}`, given.confirmed === true);
  // A label item carries the node's id but not its version: the label it shows is what is removed.
  const result = await removeNodeLabel(engine, target.node, key, versionOf(target));
  return `node ${result.hostname}: label ${key} removed`;
}
