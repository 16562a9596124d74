import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { freePort } from './net';
import { generateTlsCertificates, type TlsCertificates } from './tlsCertificates';

/** A second Docker engine on 127.0.0.1 that only speaks TLS and requires a client certificate. */
export interface TlsDockerd {
  readonly url: string;
  readonly port: number;
  /** Its --data-root, which `docker info` reports as DockerRootDir: proof of which engine answered. */
  readonly dataRoot: string;
  readonly certs: TlsCertificates;
  /** Stops dockerd (and the containerd it started) and deletes all its folders. */
  stop(): Promise<void>;
}

/** The engine's port inside its own network namespace; the outside sees only the relay's port on 127.0.0.1. */
const INNER_PORT = 2376;

/**
 * Inside the namespace: unix socket (a file both sides can see) -> 127.0.0.1:INNER_PORT. Run by this same Node binary,
 * so the test needs no socat.
 */
const INNER_RELAY = `const net = require('net');
net.createServer((c) => {
  const s = net.connect(${INNER_PORT}, '127.0.0.1');
  c.pipe(s).pipe(c);
  c.on('error', () => s.destroy());
  s.on('error', () => c.destroy());
}).listen(process.argv[1]);`;

/**
 * dockerd in its own network and mount namespaces. The network namespace is essential, not tidiness: with
 * `--bridge=none` dockerd deletes any interface named docker0 it can see (removeDefaultBridgeInterface), which in the
 * host namespace is the machine engine's default bridge. In the mount namespace /run/docker and /run/containerd are
 * empty tmpfs (MULTI-NODE-SWARM.md), so it starts its own containerd under its exec-root. No bridge, no iptables, vfs
 * storage: this engine only has to answer the API.
 */
function spawnDockerd(dir: string, certs: TlsCertificates): ChildProcess {
  writeFileSync(join(dir, 'daemon.json'), '{}');
  const dockerd = [
    'dockerd',
    `--config-file=${join(dir, 'daemon.json')}`,
    `--data-root=${join(dir, 'data')}`,
    `--exec-root=${join(dir, 'exec')}`,
    `--pidfile=${join(dir, 'dockerd.pid')}`,
    `-H=tcp://127.0.0.1:${INNER_PORT}`,
    '--tlsverify',
    `--tlscacert=${certs.caFile}`,
    `--tlscert=${certs.serverCertFile}`,
    `--tlskey=${certs.serverKeyFile}`,
    '--bridge=none',
    '--iptables=false',
    '--ip-forward=false',
    '--ip-masq=false',
    '--storage-driver=vfs',
  ];
  const script = [
    'ip link set lo up',
    'mount -t tmpfs sdconn /run/docker',
    'mount -t tmpfs sdconn /run/containerd',
    `"${process.execPath}" -e "$RELAY" "${join(dir, 'relay.sock')}" & echo $! > "${join(dir, 'relay.pid')}"`,
    'exec "$@"',
  ].join(' && ');
  const log = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn('unshare', ['--net', '--mount', '--propagation', 'slave', '--', 'sh', '-c', script, 'sh', ...dockerd], {
    stdio: ['ignore', log, log],
    env: { ...process.env, RELAY: INNER_RELAY },
  });
  closeSync(log);
  return child;
}

/** Outside: 127.0.0.1:<port> -> the namespace's unix socket. TLS passes through untouched, end to end. */
async function outerRelay(port: number, unixSocket: string): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const inner = connect(unixSocket);
    sockets.add(client).add(inner);
    client.pipe(inner).pipe(client);
    client.on('error', () => inner.destroy());
    inner.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { close };
}

/** GET /_ping with the client certificate; true once the engine answers OK. */
function pings(port: number, certs: TlsCertificates): Promise<boolean> {
  const read = (file: string) => readFileSync(join(certs.clientDir, file));
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/_ping',
        ca: read('ca.pem'),
        cert: read('cert.pem'),
        key: read('key.pem'),
        timeout: 2000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function killPidFile(file: string): void {
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    if (pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function stopDockerd(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  // A dockerd killed hard leaves its containerd running: that one is ours too (its pidfile is under our exec-root).
  killPidFile(join(dir, 'exec', 'containerd', 'containerd.pid'));
  killPidFile(join(dir, 'relay.pid'));
  rmSync(dir, { recursive: true, force: true });
}

/** Starts the engine and waits (bounded) until it answers over TLS. Root only. */
export async function startTlsDockerd(): Promise<TlsDockerd> {
  const dir = mkdtempSync('/tmp/sdconn-tls-');
  const certs = await generateTlsCertificates(join(dir, 'certs'));
  const port = await freePort();
  const child = spawnDockerd(dir, certs);
  const relay = await outerRelay(port, join(dir, 'relay.sock'));
  const stop = async () => {
    await relay.close();
    await stopDockerd(child, dir);
  };
  const deadline = Date.now() + 60_000;
  while (!(await pings(port, certs))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = readFileSync(join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-15).join('\n');
      await stop();
      throw new Error(`the TLS dockerd did not answer on 127.0.0.1:${port}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url: `tcp://127.0.0.1:${port}`, port, dataRoot: join(dir, 'data'), certs, stop };
}
