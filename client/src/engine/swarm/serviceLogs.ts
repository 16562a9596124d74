import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { engineMessage } from '../engineMessage';
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
  readonly onNote?: (text: string) => void;
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

export function followServiceLogs(docker: Docker, options: ServiceLogOptions): LogFollower {
  let stream: Readable | undefined;
  let stopped = false;
  const ready = (async () => {
    let serviceRef = options.service;
    if (options.task) {
      const task = (await docker.getTask(options.task).inspect()) as { ServiceID?: string };
      serviceRef = task.ServiceID;
    }
    if (!serviceRef) throw new Error('give a service or a task');
    let service: { ID: string; Spec?: { Name?: string; TaskTemplate?: { ContainerSpec?: { TTY?: boolean } } } };
    try {
      service = (await docker.getService(serviceRef).inspect()) as typeof service;
    } catch (error) {
      throw new Error(`no service ${serviceRef} on this swarm manager (${engineMessage(error)})`);
    }
    const names = namesOf(docker, service.Spec?.Name ?? serviceRef, service.ID);
    const logOptions = { follow: true, stdout: true, stderr: true, details: true, tail: options.tail ?? 100 };
    // dockerode has task logs (`GET /tasks/{id}/logs`); @types/dockerode leaves them out.
    const task = options.task
      ? (docker.getTask(options.task) as unknown as { logs(o: typeof logOptions): Promise<unknown> })
      : undefined;
    const raw = (await (task ? task.logs(logOptions) : docker.getService(service.ID).logs(logOptions))) as Readable;
    if (stopped) {
      raw.destroy();
      return;
    }
    stream = raw;
    // Lines keep their order per stream: each waits for the names of the ones before it.
    const emit = (kind: LogLine['stream']): ((text: string) => void) => {
      let queue = Promise.resolve();
      return (text) => {
        const { details, text: message } = splitDetails(text);
        queue = queue.then(async () => {
          const source = await names.source(details);
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
    // Ended by the manager, or the connection to the engine dropped (an error): said once, with the way back, never
    // an unhandled error.
    let said = false;
    const ended = (): void => {
      if (stopped || said) return;
      said = true;
      options.onNote?.(
        'the log stream ended (the manager ended it, or the engine connection dropped); run Show Logs again to follow it',
      );
    };
    raw.on('end', ended);
    raw.on('error', ended);
  })();
  return {
    ready,
    stop() {
      stopped = true;
      stream?.destroy();
    },
  };
}
