import type { StevedoreContext } from '../context';

/** Stevedore: Show Language Server Log. */
export function showServerLog(ctx: StevedoreContext): Promise<string> {
  ctx.output.show(true);
  return Promise.resolve('shown');
}
