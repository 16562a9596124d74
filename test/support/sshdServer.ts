import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './net';

const run = promisify(execFile);

/** An OpenSSH server on 127.0.0.1 that lets root in with a generated key, and a client config that trusts it. */
export interface SshdServer {
  readonly port: number;
  /** `ssh -F <this>`: the key, a known_hosts holding this server's host key, no agent, no prompts. */
  readonly clientConfig: string;
  /** The same, but with an empty known_hosts: the host key cannot be verified. */
  readonly untrustingClientConfig: string;
  /** sshd's log (LogLevel VERBOSE): one "Accepted publickey" line per login. */
  log(): string;
  stop(): Promise<void>;
}

function sshdConfig(dir: string, port: number): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The temp folder's modes are ours, not a home directory's.
    'StrictModes no',
    'AllowStreamLocalForwarding yes',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

function clientConfig(dir: string, knownHosts: string): string {
  return [
    'Host *',
    `  IdentityFile ${join(dir, 'client_key')}`,
    '  IdentitiesOnly yes',
    '  IdentityAgent none',
    `  UserKnownHostsFile ${knownHosts}`,
    '  GlobalKnownHostsFile /dev/null',
    '  StrictHostKeyChecking yes',
    '  ControlMaster no',
    '  ControlPath none',
    '',
  ].join('\n');
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function writeKeysAndConfigs(dir: string, port: number): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const [type, key] = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/);
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${type} ${key}\n`);
  writeFileSync(join(dir, 'empty_known_hosts'), '');
  writeFileSync(join(dir, 'sshd_config'), sshdConfig(dir, port));
  writeFileSync(join(dir, 'ssh_config'), clientConfig(dir, join(dir, 'known_hosts')));
  writeFileSync(join(dir, 'ssh_config_untrusting'), clientConfig(dir, join(dir, 'empty_known_hosts')));
}

function stopSshd(child: ChildProcess, dir: string): Promise<void> {
  const done = (): void => rmSync(dir, { recursive: true, force: true });
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(done());
  return new Promise((resolve) => {
    child.once('exit', () => resolve(done()));
    child.kill('SIGTERM');
  });
}

/** Starts `/usr/sbin/sshd -D` with a temp config and waits (bounded) until it listens. Root only. */
export async function startSshd(): Promise<SshdServer> {
  const dir = mkdtempSync('/tmp/sdconn-ssh-');
  const port = await freePort();
  await writeKeysAndConfigs(dir, port);
  // The privilege-separation directory the openssh-server package creates at boot; a fresh container lacks it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const logFile = join(dir, 'sshd.log');
  const child = spawn('/usr/sbin/sshd', ['-D', '-f', join(dir, 'sshd_config'), '-E', logFile], { stdio: 'ignore' });
  const log = (): string => readFileSync(logFile, { encoding: 'utf8', flag: 'a+' });
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const text = log();
      await stopSshd(child, dir);
      throw new Error(`sshd did not listen on 127.0.0.1:${port}:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    clientConfig: join(dir, 'ssh_config'),
    untrustingClientConfig: join(dir, 'ssh_config_untrusting'),
    log,
    stop: () => stopSshd(child, dir),
  };
}
