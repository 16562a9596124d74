import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { Reconnector } from './reconnect';

/**
 * Follows the logs of a set of containers chosen by labels (one container, a compose service's replicas, a whole
 * project), merged line by line with the container's name as prefix. A container that restarts, or a new replica,
 * is picked up from the engine's event stream (not by polling), so the view does not die with the container.
 */

export interface LogLine {
  readonly source: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

export interface LogFollowOptions {
  /** Label filters (`com.docker.compose.project=shop`), or container ids with `containers`. */
  readonly labels?: readonly string[];
  readonly containers?: readonly string[];
  /** Lines of history per container (default 100). */
  readonly tail?: number;
  readonly onLine: (line: LogLine) => void;
  /**
   * Called when a source starts or stops being followed ("web-1 restarted"), and when the engine connection is lost
   * and when it is back (the follower reconnects by itself, picking up from the moment it was lost).
   */
  readonly onNote?: (text: string) => void;
  /** The longest pause between two tries to reconnect (default 5 s). */
  readonly reconnectMaxMs?: number;
}

export interface LogFollower {
  /** Resolves once the containers present at the start are attached. */
  readonly ready: Promise<void>;
  stop(): void;
}

/** Splits a byte stream into lines, decoding UTF-8 across chunk edges. */
export function lines(stream: Readable, each: (text: string) => void): void {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    rest += decoder.decode(chunk, { stream: true });
    const parts = rest.split(/\r?\n/);
    rest = parts.pop() ?? '';
    for (const part of parts) each(part);
  });
  stream.on('end', () => {
    rest += decoder.decode();
    if (rest) each(rest);
    rest = '';
  });
}

export function followLogs(docker: Docker, options: LogFollowOptions): LogFollower {
  const attached = new Map<string, Readable>();
  let stopped = false;
  let disconnected = false;
  let events: Readable | undefined;
  const reconnector = new Reconnector(docker, {
    stopped: () => stopped,
    onNote: options.onNote,
    maxMs: options.reconnectMaxMs,
  });

  const attach = async (id: string, since?: number): Promise<void> => {
    if (stopped || attached.has(id)) return;
    const container = docker.getContainer(id);
    const info = await container.inspect();
    const source = info.Name.replace(/^\//, '');
    const raw = (await container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      ...(since !== undefined ? { since } : { tail: options.tail ?? 100 }),
    })) as unknown as Readable;
    attached.set(id, raw);
    const out = new PassThrough();
    const err = new PassThrough();
    // A TTY container's log is one raw stream; otherwise stdout and stderr come multiplexed.
    if (info.Config.Tty) raw.pipe(out);
    else {
      docker.modem.demuxStream(raw, out, err);
      raw.on('end', () => {
        out.end();
        err.end();
      });
    }
    lines(out, (text) => options.onLine({ source, stream: 'stdout', text }));
    lines(err, (text) => options.onLine({ source, stream: 'stderr', text }));
    // A connection that drops ends the stream with an error or a bare close, not always with 'end'.
    let done = false;
    const gone = (): void => {
      if (done) return;
      done = true;
      if (attached.get(id) === raw) attached.delete(id);
      if (!stopped && !disconnected) options.onNote?.(`${source} stopped; its logs continue when it starts again`);
    };
    raw.on('end', gone);
    raw.on('error', gone);
    raw.on('close', gone);
  };

  const byLabel = !!options.labels?.length;
  const filters: Record<string, string[]> = byLabel
    ? { label: [...(options.labels ?? [])] }
    : { id: [...(options.containers ?? [])] };
  const eventFilters: Record<string, string[]> = byLabel
    ? { label: [...(options.labels ?? [])] }
    : { container: [...(options.containers ?? [])] };
  const connect = async (since?: number): Promise<void> => {
    // Events first, so a container that starts while the others are being attached is not missed.
    const stream = (await docker.getEvents({
      filters: { ...eventFilters, type: ['container'], event: ['start'] },
    })) as unknown as Readable;
    events = stream;
    lines(stream, (text) => {
      try {
        const event = JSON.parse(text) as { id?: string };
        if (event.id)
          void attach(event.id, Math.floor(Date.now() / 1000) - 1).then(
            () => options.onNote?.(`following ${event.id?.slice(0, 12)}`),
            () => undefined,
          );
      } catch {
        // not an event line
      }
    });
    let ended = false;
    const lost = (): void => {
      if (ended || stopped) return;
      ended = true;
      void reconnect(Math.floor(Date.now() / 1000));
    };
    stream.on('end', lost);
    stream.on('error', lost);
    const containers = await docker.listContainers({ filters });
    await Promise.all(containers.map((c) => attach(c.Id, since)));
  };

  /** The event stream ended: the engine went away (or restarted). Say so, and try again until it answers or stop(). */
  const reconnect = async (since: number): Promise<void> => {
    disconnected = true;
    await reconnector.run(
      async () => {
        disconnected = false;
        await connect(since);
      },
      {
        onFailure: () => {
          disconnected = true;
          events?.destroy();
        },
      },
    );
  };

  const ready = connect();
  return {
    ready,
    stop() {
      stopped = true;
      reconnector.wake();
      events?.destroy();
      for (const stream of attached.values()) stream.destroy();
      attached.clear();
    },
  };
}
