import type Docker from 'dockerode';
import { startExec, type ExecSession } from './exec';

/**
 * An interactive shell in a container, in one round trip: the user's chosen shell, else bash when the image has it,
 * else sh (k9s and Podman Desktop probe the same way, inside the container, instead of a second exec).
 * Windows containers get cmd.exe.
 */

export interface ShellOptions {
  /** A shell the user picked (`zsh`, `/bin/ash`); default: bash if present, else sh. */
  readonly shell?: string;
  readonly user?: string;
  readonly workingDir?: string;
  readonly columns: number;
  readonly rows: number;
}

/** The command the exec runs. A chosen shell that is missing falls back to sh with a note, rather than failing. */
export function shellCommand(options: Pick<ShellOptions, 'shell'>, windows = false): string[] {
  if (windows) return [options.shell ?? 'cmd.exe'];
  if (options.shell) {
    const quoted = `'${options.shell.replace(/'/g, `'\\''`)}'`;
    return [
      '/bin/sh',
      '-c',
      `if command -v ${quoted} >/dev/null 2>&1; then exec ${quoted}; else echo "${options.shell.replace(/["$`\\]/g, '')} not found; using sh" >&2; exec sh; fi`,
    ];
  }
  return ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];
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
