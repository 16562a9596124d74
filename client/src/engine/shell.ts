import type Docker from 'dockerode';
import { engineMessage } from './engineMessage';
import { startExec, type ExecSession } from './exec';

/**
 * An interactive shell in a container, in one round trip: the user's chosen shell, else bash when the image has it,
 * else sh. The choice is made inside the container by a tiny `sh -c` probe that then `exec`s the shell (k9s and
 * Podman Desktop probe the same way), instead of a second exec. Shell names reach the probe as argv, never as
 * script text, so no name can be read as shell syntax. Windows containers get cmd.exe.
 */

export interface ShellOptions {
  /** A shell the user picked (`zsh`, `/bin/ash`); default: bash if present, else sh. */
  readonly shell?: string;
  readonly user?: string;
  readonly workingDir?: string;
  readonly columns: number;
  readonly rows: number;
}

/**
 * `sh -c PROBE stevedore-shell NOTE CANDIDATE...`: exec the first candidate the container has. NOTE non-empty says
 * the first candidate was the user's choice, so its absence is worth a line; a missing bash in the default is not.
 */
const PROBE =
  'note=$1; shift; ' +
  'for s do if command -v "$s" >/dev/null 2>&1; then exec "$s"; fi; ' +
  'if [ -n "$note" ]; then printf "%s not found; using sh\\n" "$s" >&2; fi; note=; done; ' +
  'exec /bin/sh';

/** The command the exec runs. A chosen shell that is missing falls back to sh with a note, rather than failing. */
export function shellCommand(options: Pick<ShellOptions, 'shell'>, windows = false): string[] {
  const chosen = options.shell?.trim();
  if (windows) return [chosen || 'cmd.exe'];
  const candidates = chosen ? [chosen, 'sh'] : ['bash', 'sh'];
  return ['/bin/sh', '-c', PROBE, 'stevedore-shell', chosen ? '1' : '', ...candidates];
}

export async function openShell(docker: Docker, containerId: string, options: ShellOptions): Promise<ExecSession> {
  const container = docker.getContainer(containerId);
  // Inspect first, as the docker CLI does: a stopped container fails here with a clear message, no exec is leaked.
  const info = await container.inspect();
  if (!info.State.Running) throw new Error(`${info.Name.replace(/^\//, '')} is not running (${info.State.Status})`);
  const windows = (info.Platform ?? '').toLowerCase() === 'windows';
  return startExec(container, shellCommand(options, windows), {
    tty: true,
    stdin: true,
    columns: options.columns,
    rows: options.rows,
    ...(options.user ? { user: options.user } : {}),
    ...(options.workingDir ? { workingDir: options.workingDir } : {}),
  });
}

/** How a shell ended: its exit code, or the engine connection lost (the engine no longer answers for the exec). */
export type ShellEnd =
  { readonly kind: 'exited'; readonly code: number } | { readonly kind: 'disconnected'; readonly message: string };

/**
 * Waits for a shell session to end. When dockerd is killed or restarted the stream ends and the engine cannot say
 * how the exec ended (its socket refuses, or a restarted engine no longer knows the exec): that is `disconnected`,
 * never a hang or a rejection.
 */
export async function shellEnd(session: ExecSession): Promise<ShellEnd> {
  try {
    return { kind: 'exited', code: await session.exitCode() };
  } catch (error) {
    return { kind: 'disconnected', message: engineMessage(error) };
  }
}

/** Whether the engine answers that the container no longer exists (false when the engine cannot be reached). */
export async function containerGone(docker: Docker, containerId: string): Promise<boolean> {
  try {
    await docker.getContainer(containerId).inspect();
    return false;
  } catch (error) {
    return (error as { statusCode?: number }).statusCode === 404;
  }
}
