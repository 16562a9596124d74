import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An ssh:// engine reached through ONE system `ssh` process forwarding a local unix socket to the engine's socket on
 * the remote machine (lazydocker's approach). Using OpenSSH rather than docker-modem's ssh2-per-request means the
 * user's `~/.ssh/config`, agent, keys and known_hosts all apply, and every request (including hijacked exec streams)
 * is a channel of the same connection instead of a new login.
 */
export interface SshTunnel {
  /** The local end; give it to dockerode as `socketPath`. */
  readonly socketPath: string;
  readonly pid: number;
  /** What ssh wrote on stderr so far (trimmed, last 2 KB), to explain a failure. */
  stderr(): string;
  /** Stops ssh (SIGTERM, then SIGKILL after a second) and removes the socket's temporary folder. */
  close(): Promise<void>;
}

export interface SshTunnelOptions {
  readonly sshArgs?: readonly string[];
  /** How long ssh may take to open the forward. */
  readonly timeoutMs: number;
  /** The OpenSSH client binary; `ssh` on the PATH by default. */
  readonly sshCommand?: string;
}

/** Raised when the tunnel cannot be opened; the message carries ssh's own words. */
export class SshTunnelError extends Error {
  override readonly name = 'SshTunnelError';
}

const REMOTE_SOCKET = '/var/run/docker.sock';
const STDERR_KEEP = 2048;

/** `ssh` arguments for a URL `ssh://[user@]host[:port][/remote/socket]`. */
export function sshTunnelArgs(url: URL, localSocket: string, options: Pick<SshTunnelOptions, 'sshArgs' | 'timeoutMs'>): string[] {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new SshTunnelError(`${url.href} names no host`);
  const remote = url.pathname && url.pathname !== '/' ? decodeURIComponent(url.pathname) : REMOTE_SOCKET;
  const connectTimeout = Math.max(1, Math.ceil(options.timeoutMs / 1000));
  return [
    '-N',
    '-T',
    // Forced: a forward that cannot be set up must end ssh (so we report it), and ssh must never prompt.
    ...['-o', 'ExitOnForwardFailure=yes', '-o', 'BatchMode=yes'],
    ...(options.sshArgs ?? []),
    ...['-o', `ConnectTimeout=${connectTimeout}`, '-o', 'StreamLocalBindUnlink=yes'],
    ...['-L', `${localSocket}:${remote}`],
    ...(url.port ? ['-p', url.port] : []),
    ...(url.username ? ['-l', decodeURIComponent(url.username)] : []),
    '--',
    host,
  ];
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 1000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Waits until the local socket accepts connections. Bounded: ssh exiting first, or the deadline passing, rejects
 * with ssh's stderr, so a hung ssh (an unreachable host, a silent firewall) never blocks the caller.
 */
async function waitForSocket(child: ChildProcess, socketPath: string, stderr: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  let spawnError: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ? `signal ${signal}` : `code ${String(code)}`));
  child.once('error', (error: NodeJS.ErrnoException) => (spawnError = error.code ?? error.message));
  for (;;) {
    if (spawnError) throw new SshTunnelError(`cannot run the OpenSSH client (${spawnError})`);
    if (exited) throw new SshTunnelError(`ssh exited with ${exited}${stderr() ? `: ${stderr()}` : ''}`);
    if (await canConnect(socketPath)) return;
    if (Date.now() > deadline) {
      throw new SshTunnelError(`ssh did not open the tunnel within ${timeoutMs / 1000} s${stderr() ? `: ${stderr()}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function openSshTunnel(url: URL, options: SshTunnelOptions): Promise<SshTunnel> {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-ssh-'));
  const socketPath = join(dir, 'docker.sock');
  let errText = '';
  // One line for an error message; ssh repeats "channel N: open failed…" per request, so keep each message once.
  const stderr = (): string => {
    const lines = errText.split(/\r?\n/).map((line) => line.replace(/^channel \d+: /, '').trim());
    return [...new Set(lines.filter(Boolean))].join(' ');
  };
  let child: ChildProcess | undefined;
  // If the process ends without dispose(), ssh must not outlive it.
  const killOnExit = (): void => void child?.kill('SIGKILL');
  const close = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child) await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const args = sshTunnelArgs(url, socketPath, options);
    child = spawn(options.sshCommand ?? 'ssh', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    process.once('exit', killOnExit);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (errText = (errText + chunk).slice(-STDERR_KEEP)));
    await waitForSocket(child, socketPath, stderr, options.timeoutMs);
  } catch (error) {
    await close();
    throw error;
  }
  return { socketPath, pid: child.pid ?? -1, stderr, close };
}
