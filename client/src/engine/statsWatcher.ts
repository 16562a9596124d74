import type Docker from 'dockerode';
import { VIEW_EVENTS, watchEngineEvents, type EventStreamState, type EventWatch } from './events';
import { openStatsStream, type ContainerStats, type StatsStream } from './stats';

/**
 * Keeps exactly one stats stream open per container its owner shows, and none for anything else: `show(ids)` opens
 * the streams of new ids and closes those no longer listed; `clear()` closes all (a view hidden, an engine changed).
 * The last sample of each shown container is kept for `latest`; `onSample` tells the owner to redraw.
 *
 * A stream also ends when the engine goes away (dockerd killed or restarted). While it shows anything, the watcher
 * keeps the engine's event stream open (`watchEngineEvents`, container `start` events only): when that stream is back
 * after a disconnect, or a container starts, the streams of shown containers that ended are opened again (one whose
 * container is gone fails to open and is left out). `onState` tells the owner when the engine is gone and back.
 */
interface Entry {
  stream?: StatsStream;
  dropped: boolean;
}

export class StatsWatcher {
  private readonly entries = new Map<string, Entry>();
  private readonly samples = new Map<string, ContainerStats>();
  private wanted = new Set<string>();
  private live = 0;
  private events: EventWatch | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly onSample: (stats: ContainerStats) => void,
    private readonly options: { onState?: (state: EventStreamState) => void; retryMs?: number } = {},
  ) {}

  /** Whether the engine's event stream is open (false while nothing is shown, or the engine is gone). */
  get connected(): boolean {
    return this.events?.connected ?? false;
  }

  /** Stats streams open on the engine right now (opened and not yet ended), whatever is shown: at most one per id. */
  get openStreams(): number {
    return this.live;
  }

  latest(id: string): ContainerStats | undefined {
    return this.samples.get(id);
  }

  /** Makes the open streams exactly those of `ids`. */
  show(ids: Iterable<string>): void {
    this.wanted = new Set(ids);
    for (const [id, entry] of this.entries) {
      if (this.wanted.has(id)) continue;
      entry.dropped = true;
      entry.stream?.close();
      this.entries.delete(id);
      this.samples.delete(id);
    }
    this.reopen();
    if (this.wanted.size === 0) {
      this.events?.stop();
      this.events = undefined;
    } else this.events ??= this.watchEngine();
  }

  /** Opens the streams of shown containers that have none (never opened, or ended). */
  private reopen(): void {
    for (const id of this.wanted) if (!this.entries.has(id)) this.open(id);
  }

  private watchEngine(): EventWatch {
    let lost = false;
    return watchEngineEvents(this.docker, VIEW_EVENTS.stats, {
      onEvent: () => this.reopen(),
      onState: (state) => {
        if (state === 'disconnected') lost = true;
        else if (lost) this.reopen();
        this.options.onState?.(state);
      },
      retryMs: this.options.retryMs,
    });
  }

  /** Adds ids to those shown, keeping the others. */
  add(ids: Iterable<string>): void {
    this.show([...this.wanted, ...ids]);
  }

  clear(): void {
    this.show([]);
  }

  private open(id: string): void {
    const entry: Entry = { dropped: false };
    this.entries.set(id, entry);
    const ended = (): void => {
      this.live--;
      if (this.entries.get(id) === entry) this.entries.delete(id);
    };
    const sample = (stats: ContainerStats): void => {
      if (entry.dropped) return;
      this.samples.set(id, stats);
      this.onSample(stats);
    };
    openStatsStream(this.docker, id, sample, ended).then(
      (stream) => {
        this.live++;
        entry.stream = stream;
        // Hidden while it was opening: close it at once.
        if (entry.dropped) stream.close();
      },
      () => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
      },
    );
  }
}

export interface StatsTarget {
  readonly id: string;
  readonly name: string;
}

/**
 * The containers a name stands for: a container (name or id), else the running containers of the compose project or
 * swarm stack of that name on this engine. None: an empty list.
 */
export async function findStatsTargets(docker: Docker, name: string): Promise<StatsTarget[]> {
  try {
    const inspect = await docker.getContainer(name).inspect();
    return [{ id: inspect.Id, name: inspect.Name.replace(/^\//, '') }];
  } catch {
    // Not a container: a project or a stack.
  }
  const labelled = async (label: string): Promise<StatsTarget[]> =>
    (await docker.listContainers({ filters: { label: [`${label}=${name}`] } })).map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    }));
  return [...(await labelled('com.docker.compose.project')), ...(await labelled('com.docker.stack.namespace'))];
}
