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

export type EventStreamState = 'connected' | 'disconnected';

/**
 * The events each view and the code lenses follow (`docker events --filter`), here so that the engine tests follow
 * exactly what the views do.
 */
export const VIEW_EVENTS = {
  explorer: { type: ['container', 'service', 'network', 'node'] },
  /** Images, Volumes, Networks: what changes a list or who uses what; not exec or health events, which come often. */
  resources: {
    type: ['image', 'volume', 'network', 'container'],
    event: ['create', 'destroy', 'delete', 'tag', 'untag', 'pull', 'import', 'load', 'connect', 'disconnect', 'prune'],
  },
  topology: { type: ['container', 'service'] },
  lenses: { type: ['container', 'service'] },
  /** A task on another node starts and stops without a container event here: its service's update says so. */
  statsPanel: { type: ['container', 'service'], event: ['start', 'die', 'destroy', 'update', 'remove'] },
  /** A StatsWatcher's: a container started, whose stream may have ended. */
  stats: { type: ['container'], event: ['start'] },
  nodes: { type: ['node', 'service', 'container'] },
} satisfies Record<string, Record<string, string[]>>;

export interface EventWatch {
  /** Whether the event stream is open now. */
  readonly connected: boolean;
  /** The listeners on the open stream (data, end, error; none while disconnected), counted as the soak counts them. */
  readonly listeners: number;
  /** Stops watching: the stream is closed and no retry is left pending. */
  stop(): void;
}

/**
 * The engine's event stream, kept open: when it ends or fails (dockerd killed or restarted, the connection dropped),
 * `onState('disconnected')`, then a new stream is asked for every `retryMs` until one opens (`onState('connected')`,
 * also said for the first). One stream and at most one timer at any time, none once stopped.
 */
export function watchEngineEvents(
  docker: Docker,
  filters: Record<string, string[]>,
  handlers: { onEvent: (event: EngineEvent) => void; onState: (state: EventStreamState) => void; retryMs?: number },
): EventWatch {
  let stream: Readable | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Unknown until the first attempt, so that a first attempt that fails says disconnected too.
  let connected: boolean | undefined;
  const setState = (now: boolean): void => {
    if (connected === now) return;
    connected = now;
    handlers.onState(now ? 'connected' : 'disconnected');
  };
  const retry = (): void => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void open();
    }, handlers.retryMs ?? 2000);
  };
  const ended = (which: Readable): void => {
    if (stream !== which) return;
    stream = undefined;
    which.destroy();
    setState(false);
    retry();
  };
  async function open(): Promise<void> {
    if (stopped) return;
    try {
      const opened = await followEngineEvents(docker, filters, handlers.onEvent, ended);
      if (stopped) return void opened.destroy();
      stream = opened;
      setState(true);
      // It may have ended before it was ours (`ended` ignored it then).
      if (opened.destroyed || opened.readableEnded) ended(opened);
    } catch {
      setState(false);
      retry();
    }
  }
  void open();
  return {
    get connected() {
      return connected === true;
    },
    get listeners() {
      return stream ? stream.listenerCount('data') + stream.listenerCount('end') + stream.listenerCount('error') : 0;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      stream?.destroy();
      stream = undefined;
    },
  };
}
