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
  docker: Docker;
}

/** A container to watch: its id, and the engine that runs it when that is not the watcher's own (a swarm node's). */
export interface StatsSource {
  readonly id: string;
  readonly docker?: Docker;
}

export class StatsWatcher {
  private readonly entries = new Map<string, Entry>();
  private readonly samples = new Map<string, ContainerStats>();
  private wanted = new Map<string, Docker>();
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

  /** Makes the open streams exactly those of `ids` (a container id on the watcher's engine, or a source). */
  show(ids: Iterable<string | StatsSource>): void {
    this.wanted = new Map(
      [...ids].map((item) => (typeof item === 'string' ? [item, this.docker] : [item.id, item.docker ?? this.docker])),
    );
    for (const [id, entry] of this.entries) {
      if (this.wanted.get(id) === entry.docker) continue;
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
    for (const [id, docker] of this.wanted) if (!this.entries.has(id)) this.open(id, docker);
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
  add(ids: Iterable<string | StatsSource>): void {
    this.show([...[...this.wanted].map(([id, docker]) => ({ id, docker })), ...ids]);
  }

  clear(): void {
    this.show([]);
  }

  private open(id: string, docker: Docker): void {
    const entry: Entry = { dropped: false, docker };
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
    openStatsStream(docker, id, sample, ended).then(
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
