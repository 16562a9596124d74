import type Docker from 'dockerode';
import { openStatsStream, type ContainerStats, type StatsStream } from './stats';

/**
 * Keeps exactly one stats stream open per container its owner shows, and none for anything else: `show(ids)` opens
 * the streams of new ids and closes those no longer listed; `clear()` closes all (a view hidden, an engine changed).
 * The last sample of each shown container is kept for `latest`; `onSample` tells the owner to redraw.
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

  constructor(
    private readonly docker: Docker,
    private readonly onSample: (stats: ContainerStats) => void,
  ) {}

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
    for (const [id, docker] of this.wanted) if (!this.entries.has(id)) this.open(id, docker);
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
