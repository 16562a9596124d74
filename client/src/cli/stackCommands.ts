import type { Engine } from '../engine';
import type { Out } from './composeCommands';

/** True when swarm services carry the stack's namespace label. */
export async function isStack(engine: Engine, name: string): Promise<boolean> {
  try {
    const services = await engine.docker.listServices({ filters: { label: [`com.docker.stack.namespace=${name}`] } });
    return services.length > 0;
  } catch {
    return false; // not a swarm manager: no stacks here
  }
}

export async function deployStackCommand(
  _e: Engine,
  _f: string[],
  _s: string,
  _o: { dryRun: boolean; prune: boolean },
  _out: Out,
): Promise<void> {
  await Promise.reject(new Error('TODO'));
}
export async function scaleStackCommand(_e: Engine, _n: string, _r: Record<string, number>, _out: Out): Promise<void> {
  await Promise.reject(new Error('TODO'));
}
export async function downStack(_e: Engine, _n: string, _out: Out): Promise<void> {
  await Promise.reject(new Error('TODO'));
}
export async function psStack(_e: Engine, _n: string, _out: Out): Promise<void> {
  await Promise.reject(new Error('TODO'));
}
