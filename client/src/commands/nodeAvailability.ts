import * as vscode from 'vscode';
import { listNodes, setNodeAvailability, type NodeAvailability } from '../engine';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import type { StevedoreContext } from '../context';
import { nodeTarget, whereIfRemote } from '../nodeTargets';
import { Cancelled } from '../targets';

/**
 * Stevedore: Drain / Activate / Pause Node. Drain stops the node's tasks and starts them elsewhere, so it asks first
 * (naming the engine when it is not the local one); activate and pause only change where new tasks may go.
 */

async function setAvailability(ctx: StevedoreContext, arg: unknown, availability: NodeAvailability): Promise<string> {
  const engine = await ctx.engines.get();
  const verb = { drain: 'Drain', active: 'Activate', pause: 'Pause' }[availability];
  const target = await nodeTarget(engine, arg, `${verb} which node?`);
  if (availability === 'drain' && readCommandArgs(COMMANDS.drainNode, arg).confirmed !== true) {
    const node = (await listNodes(engine)).find((n) => n.id === target.node || n.hostname === target.node);
    const tasks = node ? `its ${node.tasks.total} task(s) stop there and start on other nodes` : 'its tasks move to other nodes';
    const answer = await vscode.window.showWarningMessage(
      `Drain node ${target.hostname}${whereIfRemote(ctx.engines.describe().local, engine)}? ${tasks}.`,
      { modal: true },
      'Drain',
    );
    if (answer !== 'Drain') throw new Cancelled();
  }
  const result = await setNodeAvailability(
    engine,
    target.node,
    availability,
    target.version !== undefined ? { expectedVersion: target.version } : {},
  );
  const what = {
    drain: 'drained: its tasks move to other nodes',
    active: 'active: it takes tasks again',
    pause: 'paused: it keeps its tasks and takes no new ones',
  }[availability];
  return `node ${result.hostname} ${what}`;
}

export const drainNode = (ctx: StevedoreContext, arg?: unknown): Promise<string> => setAvailability(ctx, arg, 'drain');
export const activateNode = (ctx: StevedoreContext, arg?: unknown): Promise<string> => setAvailability(ctx, arg, 'active');
export const pauseNode = (ctx: StevedoreContext, arg?: unknown): Promise<string> => setAvailability(ctx, arg, 'pause');
