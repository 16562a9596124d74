import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { lines } from './logs';

/** An engine event as `/events` sends it: what changed (`Type`, `Action`) and the labels of the object. */
export interface EngineEvent {
  readonly Type?: string;
  readonly Action?: string;
  readonly Actor?: { readonly ID?: string; readonly Attributes?: Readonly<Record<string, string>> };
}

/**
 * What an event changes in a view of deployments: nothing (a healthcheck's or a shell's `exec_*`, an attach, a
 * copy), one compose project or stack (its containers' lifecycle and health, a stack service's update), or the list
 * of deployments itself (a container created or removed, networks, nodes).
 */
export type EventScope =
  | { readonly kind: 'none' }
  | { readonly kind: 'all' }
  | { readonly kind: 'deployment'; readonly project?: string; readonly stack?: string };

/** Container actions that change what a deployment's view shows (state, health); create and destroy change the list. */
const CONTAINER_STATE = new Set(['start', 'restart', 'stop', 'die', 'kill', 'pause', 'unpause', 'oom', 'rename', 'update']);

export function eventScope(event: EngineEvent): EventScope {
  const action = event.Action ?? '';
  const labels = event.Actor?.Attributes ?? {};
  if (event.Type === 'container') {
    const project = labels['com.docker.compose.project'];
    const stack = labels['com.docker.stack.namespace'];
    const owner = project ? { project } : stack ? { stack } : undefined;
    if (action === 'create' || action === 'destroy') return { kind: 'all' };
    if (!CONTAINER_STATE.has(action) && !action.startsWith('health_status')) return { kind: 'none' };
    return owner ? { kind: 'deployment', ...owner } : { kind: 'none' };
  }
  if (event.Type === 'service') {
    const stack = labels['com.docker.stack.namespace'];
    return stack && action === 'update' ? { kind: 'deployment', stack } : { kind: 'all' };
  }
  return { kind: 'all' };
}

/**
 * Follows the engine's event stream (filtered as `docker events --filter`): `onEvent` for each event, `onEnd` once
 * when the stream ends or fails (the engine restarted, the connection dropped). The caller keeps the stream to
 * destroy it when it stops watching.
 */
export async function followEngineEvents(
  docker: Docker,
  filters: Record<string, string[]>,
  onEvent: (event: EngineEvent) => void,
  onEnd: (stream: Readable) => void,
): Promise<Readable> {
  const stream = (await docker.getEvents({ filters })) as unknown as Readable;
  lines(stream, (text) => {
    let event: EngineEvent;
    try {
      event = JSON.parse(text) as EngineEvent;
    } catch {
      return; // not an event line
    }
    onEvent(event);
  });
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    onEnd(stream);
  };
  stream.on('end', end);
  stream.on('error', end);
  return stream;
}
