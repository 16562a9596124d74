import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import { setPaused, type ActionResult, type ContainerSelector } from '../engine';
import type { StevedoreContext } from '../context';
import { serviceTarget } from '../targets';

/**
 * Stevedore: Pause and Unpause: a container (`{ container }` from the tree) or every container of a compose service.
 * A container already in the asked state is skipped and said so.
 */
export const pause = (ctx: StevedoreContext, arg?: unknown): Promise<string> => setPausedCommand(ctx, arg, true);
export const unpause = (ctx: StevedoreContext, arg?: unknown): Promise<string> => setPausedCommand(ctx, arg, false);

async function setPausedCommand(ctx: StevedoreContext, arg: unknown, on: boolean): Promise<string> {
  const engine = await ctx.engines.get();
  const { container } = readCommandArgs(on ? COMMANDS.pause : COMMANDS.unpause, arg);
  const selector = container ? { container } : await composeService(engine, arg);
  const result = await setPaused(engine, selector, on);
  return summary(on ? 'paused' : 'unpaused', result);
}

export async function composeService(engine: Parameters<typeof serviceTarget>[0], arg: unknown): Promise<ContainerSelector> {
  const target = await serviceTarget(engine, arg);
  if (target.deployment.kind !== 'compose')
    throw new Error(
      `${target.service} is a service of swarm stack ${target.deployment.name}: this works on compose services and containers`,
    );
  return { project: target.deployment.name, service: target.service };
}

export function summary(verb: string, result: ActionResult): string {
  const done = result.done.length > 0 ? `${verb} ${result.done.join(', ')}` : `nothing ${verb}`;
  return result.skipped.length > 0 ? `${done} (${result.skipped.join('; ')})` : done;
}
