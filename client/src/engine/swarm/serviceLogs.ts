import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { engineMessage } from '../engineMessage';
import { followEngineEvents } from '../events';
import { Reconnector } from '../reconnect';
import { lines, type LogFollower, type LogLine } from '../logs';

/**
 * The logs of a swarm service (every task, on every node) or of one task, through the manager: `docker service logs
 * --follow`. Unlike container logs this needs no connection to the nodes. Each line's source is `service.slot@node`,
 * read from the details the engine puts in front of the line.
 */

export interface ServiceLogOptions {
  /** A service name or id; or `task` for one task. */
  readonly service?: string;
  readonly task?: string;
  /** Lines of history per task (default 100). */
  readonly tail?: number;
  readonly onLine: (line: LogLine) => void;
  /** Said when the stream ends and when it is followed again (it reconnects by itself), or that the service went. */
  readonly onNote?: (text: string) => void;
  /** The longest pause between two tries to reconnect (default 5 s). */
  readonly reconnectMaxMs?: number;
}

/** `com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=… message` → parts. */
export function splitDetails(line: string): { details: Record<string, string>; text: string } {
  const space = line.indexOf(' ');
  const head = space < 0 ? line : line.slice(0, space);
  if (!/^([\w.-]+=[^,\s]*)(,[\w.-]+=[^,\s]*)*$/.test(head)) return { details: {}, text: line };
  const details: Record<string, string> = {};
  for (const pair of head.split(',')) {
    const eq = pair.indexOf('=');
    details[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { details, text: space < 0 ? '' : line.slice(space + 1) };
}

interface Names {
  source(details: Record<string, string>): Promise<string>;
}

/** Task and node names, read once and again when a task or node appears that was not known. */
function namesOf(docker: Docker, serviceName: string, serviceId: string): Names {
  let tasks = new Map<string, { slot?: number; node?: string }>();
  let nodes = new Map<string, string>();
  const load = async (): Promise<void> => {
    const [t, n] = await Promise.all([
      docker.listTasks({ filters: { service: [serviceId] } }) as Promise<{ ID: string; Slot?: number; NodeID?: string }[]>,
      docker.listNodes() as Promise<{ ID: string; Description?: { Hostname?: string } }[]>,
    ]);
    tasks = new Map(
      t.map((x) => [x.ID, { ...(x.Slot !== undefined ? { slot: x.Slot } : {}), ...(x.NodeID ? { node: x.NodeID } : {}) }]),
    );
    nodes = new Map(n.map((x) => [x.ID, x.Description?.Hostname ?? x.ID]));
  };
  let loading: Promise<void> | undefined;
  return {
    async source(details) {
      const taskId = details['com.docker.swarm.task.id'] ?? '';
      const nodeId = details['com.docker.swarm.node.id'] ?? '';
      if (!tasks.has(taskId) || !nodes.has(nodeId)) {
        loading ??= load().catch(() => undefined);
        await loading;
        loading = undefined;
      }
      const task = tasks.get(taskId);
      const slot = task?.slot ?? (nodeId || taskId.slice(0, 12));
      return `${serviceName}.${slot}@${nodes.get(nodeId) ?? nodeId.slice(0, 12)}`;
    },
  };
}

/** The service (or task) is gone: its log cannot be followed again. */
class GoneError extends Error {}

const isNotFound = (error: unknown): boolean => (error as { statusCode?: number } | undefined)?.statusCode === 404;

export function followServiceLogs(docker: Docker, options: ServiceLogOptions): LogFollower {
  let stream: Readable | undefined;
  /** The service's `remove` event: the manager keeps a follow open after the service is removed, silent. */
  let removals: Readable | undefined;
  let stopped = false;
  const reconnector = new Reconnector(docker, {
    stopped: () => stopped,
    onNote: options.onNote,
    maxMs: options.reconnectMaxMs,
  });
  let names: Names | undefined;

  /** Opens the log stream: the last `tail` lines per task, or, after a loss, what was written since then. */
  const open = async (since?: number): Promise<void> => {
    let serviceRef = options.service;
    if (options.task) {
      try {
        const task = (await docker.getTask(options.task).inspect()) as { ServiceID?: string };
        serviceRef = task.ServiceID;
      } catch (error) {
        if (since !== undefined && isNotFound(error)) throw new GoneError(`task ${options.task} no longer exists`);
        throw error;
      }
    }
    if (!serviceRef) throw new Error('give a service or a task');
    let service: { ID: string; Spec?: { Name?: string; TaskTemplate?: { ContainerSpec?: { TTY?: boolean } } } };
    try {
      service = (await docker.getService(serviceRef).inspect()) as typeof service;
    } catch (error) {
      if (since !== undefined && isNotFound(error)) throw new GoneError(`service ${serviceRef} no longer exists`);
      throw new Error(`no service ${serviceRef} on this swarm manager (${engineMessage(error)})`);
    }
    const name = service.Spec?.Name ?? serviceRef;
    names ??= namesOf(docker, name, service.ID);
    removals?.destroy();
    removals = await followEngineEvents(
      docker,
      { type: ['service'], event: ['remove'], service: [service.ID] },
      () => end(`service ${name} was removed`),
      () => undefined, // an engine going away ends the log stream too, which reconnects both
    );
    const known = names;
    const logOptions = {
      follow: true,
      stdout: true,
      stderr: true,
      details: true,
      ...(since !== undefined ? { since } : { tail: options.tail ?? 100 }),
    };
    // dockerode has task logs (`GET /tasks/{id}/logs`); @types/dockerode leaves them out.
    const task = options.task
      ? (docker.getTask(options.task) as unknown as { logs(o: typeof logOptions): Promise<unknown> })
      : undefined;
    const raw = (await (task ? task.logs(logOptions) : docker.getService(service.ID).logs(logOptions))) as Readable;
    if (stopped) {
      raw.destroy();
      removals?.destroy();
      return;
    }
    stream = raw;
    // Lines keep their order per stream: each waits for the names of the ones before it.
    const emit = (kind: LogLine['stream']): ((text: string) => void) => {
      let queue = Promise.resolve();
      return (text) => {
        const { details, text: message } = splitDetails(text);
        queue = queue.then(async () => {
          const source = await known.source(details);
          if (!stopped) options.onLine({ source, stream: kind, text: message });
        });
      };
    };
    const out = new PassThrough();
    const err = new PassThrough();
    if (service.Spec?.TaskTemplate?.ContainerSpec?.TTY) raw.pipe(out);
    else {
      docker.modem.demuxStream(raw, out, err);
      raw.on('end', () => {
        out.end();
        err.end();
      });
    }
    lines(out, emit('stdout'));
    lines(err, emit('stderr'));
    // Ended by the manager (the service was removed) or the connection to the engine dropped (an error, or the
    // engine restarting): once, never an unhandled error; then follow again from that moment.
    let ended = false;
    const lost = (): void => {
      if (stopped || ended) return;
      ended = true;
      void reopen(Math.floor(Date.now() / 1000));
    };
    raw.on('end', lost);
    raw.on('error', lost);
  };

  /** Nothing more will come: said once, and everything closed. */
  const end = (why: string): void => {
    if (stopped) return;
    stopped = true;
    options.onNote?.(`${why}: the log ends here`);
    stream?.destroy();
    removals?.destroy();
  };

  /** The stream ended: try again until the engine answers (then follow from `since`), the service is gone, or stop(). */
  const reopen = (since: number): Promise<void> =>
    reconnector.run(() => open(since), {
      giveUp: (error) => {
        if (!(error instanceof GoneError)) return false;
        end(error.message);
        return true;
      },
    });

  return {
    ready: open(),
    stop() {
      stopped = true;
      reconnector.wake();
      stream?.destroy();
      removals?.destroy();
    },
  };
}
