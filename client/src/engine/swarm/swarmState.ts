import type { Engine } from '../connection';

/**
 * The engine's place in a swarm, from `GET /info`: the one reading of `Swarm.LocalNodeState` and
 * `Swarm.ControlAvailable` for the status bar, Show Engine, Deploy, the stack planner, the live state and the views.
 */

export interface SwarmState {
  /** `inactive`, `pending`, `active`, `error` or `locked`; `unknown` when the engine does not say. */
  readonly localNodeState: string;
  /** A manager: it can list and change nodes, services and stacks. */
  readonly manager: boolean;
}

/** Throws when the engine does not answer. */
export async function swarmState(engine: Engine): Promise<SwarmState> {
  const info = (await engine.docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  return { localNodeState: info.Swarm?.LocalNodeState || 'unknown', manager: info.Swarm?.ControlAvailable === true };
}

/** Whether the engine manages a swarm (and so can list and change nodes). Never throws. */
export async function isSwarmManager(engine: Engine): Promise<boolean> {
  try {
    return (await swarmState(engine)).manager;
  } catch {
    return false;
  }
}

/** `swarm manager`, `swarm worker` or `engine` (no swarm). */
export const swarmRole = (state: SwarmState): string =>
  state.manager ? 'swarm manager' : state.localNodeState === 'active' ? 'swarm worker' : 'engine';
