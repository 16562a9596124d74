import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';

export interface ExecOptions {
  /** Allocate a pseudo-terminal: output arrives raw (not multiplexed), line endings as the remote PTY makes them. */
  readonly tty: boolean;
  /** Attach our input to the process (an interactive shell). Without it the terminal has no one typing. */
  readonly stdin?: boolean;
  readonly columns?: number;
  readonly rows?: number;
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
}

/** A running exec: a raw byte stream both ways, a resize for TTYs, and its exit code when it ends. */
export interface ExecSession {
  readonly stream: Duplex;
  resize(columns: number, rows: number): Promise<void>;
  /** Resolves with the exit code once the process has ended and the engine reports it. */
  exitCode(): Promise<number>;
  /** Resolves when the output stream has ended. */
  readonly ended: Promise<void>;
}

/** Poll for the exit code this often once the stream has ended. */
const POLL_MS = 100;
/** Without an end event (seen on some transports) fall back to polling this often. */
const FALLBACK_POLL_MS = 1000;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `attempt` with growing pauses while `worthIt` says so; gives up quietly once it says no. */
async function retry(attempt: () => Promise<void>, worthIt: () => Promise<boolean>, tries = 10): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(await worthIt())) return;
      if (i >= tries) throw error;
      await delay(10 * i);
    }
  }
}

/**
 * Starts `cmd` in a running container over the engine's hijacked exec stream (no docker CLI, no host shell).
 * Only TTY sessions are supported for now: their stream is raw, which is what terminals want.
 */
export async function startExec(container: Docker.Container, cmd: readonly string[], options: ExecOptions): Promise<ExecSession> {
  if (!options.tty) throw new Error('startExec: only TTY sessions are supported');
  const size: [number, number] | undefined = options.columns && options.rows ? [options.rows, options.columns] : undefined;
  const exec = await container.exec({
    Cmd: [...cmd],
    AttachStdin: options.stdin ?? true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    Env: ['TERM=xterm-256color', ...(options.env ?? [])],
    ...(options.user ? { User: options.user } : {}),
    ...(options.workingDir ? { WorkingDir: options.workingDir } : {}),
    ...(size ? { ConsoleSize: size } : {}),
  });
  // dockerode sends these options as the JSON body; ConsoleSize is missing from its types.
  const startOptions = { hijack: true, stdin: options.stdin ?? true, Tty: true, ...(size ? { ConsoleSize: size } : {}) };
  const stream = await exec.start(startOptions);
  let hasEnded = false;
  const ended = new Promise<void>((resolve) => {
    const done = (): void => {
      hasEnded = true;
      resolve();
    };
    stream.once('end', done);
    stream.once('close', done);
    // `on`, not `once`: a second error on a dropped connection must not go unheard (an unheard error throws).
    stream.on('error', done);
  });

  const resize = async (columns: number, rows: number): Promise<void> => {
    try {
      await exec.resize({ w: columns, h: rows });
    } catch (error) {
      // Podman's compatible API answers 201, which dockerode treats as an error.
      if ((error as { statusCode?: number }).statusCode !== 201) throw error;
    }
  };
  // ConsoleSize at start needs API 1.42; older engines start with a 0x0 terminal. Like the docker CLI, set the size
  // right after start, retrying while the engine has not yet registered the exec's terminal.
  // A command that has already finished has no terminal left to size.
  if (size)
    await retry(
      () => resize(size[1], size[0]),
      async () => (await exec.inspect()).Running,
    );

  return {
    stream,
    resize,
    async exitCode() {
      // The engine may report Running (or a null ExitCode) for a moment after the stream ends, and the stream's end
      // event is not always delivered: poll the exec, fast once the stream has ended, slowly before.
      for (;;) {
        const info = await exec.inspect();
        if (!info.Running && info.ExitCode !== null) return info.ExitCode;
        await (hasEnded ? delay(POLL_MS) : Promise.race([ended, delay(FALLBACK_POLL_MS)]));
      }
    },
    ended,
  };
}

/** Runs a command to completion with a TTY and returns what it printed and its exit code. */
export async function runExec(
  container: Docker.Container,
  cmd: readonly string[],
  options: ExecOptions,
): Promise<{ output: string; exitCode: number }> {
  // Input stays attached (a terminal without it reports no size) but is never written: closing it early would make
  // the engine end the session before the output is read. A command that waits for input waits, as under `docker exec -t`.
  const session = await startExec(container, cmd, options);
  const decoder = new TextDecoder('utf-8');
  let output = '';
  session.stream.on('data', (chunk: Buffer) => {
    output += decoder.decode(chunk, { stream: true });
  });
  const exitCode = await session.exitCode();
  // The last output can trail the exit; wait for the stream to end, but not forever if its end event never comes.
  await Promise.race([session.ended, delay(2000)]);
  session.stream.destroy();
  return { output: output + decoder.decode(), exitCode };
}
