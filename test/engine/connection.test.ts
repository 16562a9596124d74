import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { connectEngine, EngineUnavailableError, runExec, type Engine } from '../../client/src/engine';
import { ensureBusyboxImage } from '../support/busyboxImage';
import { TEST_LABEL } from '../support/engineCleanup';
import { writeContext } from '../support/remoteEngineContext';
import { startSshd, type SshdServer } from '../support/sshdServer';
import { generateTlsCertificates } from '../support/tlsCertificates';
import { startTlsDockerd, type TlsDockerd } from '../support/tlsDockerd';

/** PIDs of this process's children running `ssh`, from /proc (Linux). */
function sshChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // stat is "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === process.pid && stat.includes('(ssh)')) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

describe('engine connection over TLS (a second dockerd on 127.0.0.1)', () => {
  let dockerd: TlsDockerd;
  let scratch: string;

  // With --bridge=none, a dockerd that can see the host's docker0 deletes it: the helper must keep it out of sight.
  const docker0 = () => existsSync('/sys/class/net/docker0');
  let hadDocker0: boolean;

  before(async () => {
    hadDocker0 = docker0();
    dockerd = await startTlsDockerd();
    scratch = mkdtempSync(join(tmpdir(), 'sdconn-tlsclient-'));
  });
  after(async () => {
    await dockerd?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('connects through DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, verifying the engine', async () => {
    const env = { DOCKER_HOST: dockerd.url, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dockerd.certs.clientDir };
    const engine = await connectEngine({ env, configDir: scratch });
    try {
      assert.equal(engine.endpoint.source, 'DOCKER_HOST');
      assert.equal(engine.endpoint.tls?.verify, true);
      assert.equal(engine.apiVersion, '1.41');
      const info = (await engine.docker.info()) as { DockerRootDir: string };
      assert.equal(info.DockerRootDir, dockerd.dataRoot, 'the second engine answered, not the machine one');
    } finally {
      await engine.dispose();
    }
  });

  it("leaves the machine engine's network alone", () => {
    assert.equal(docker0(), hadDocker0);
  });

  it('connects through a context holding the TLS material, and through one that skips verification', async () => {
    const pem = (file: string) => readFileSync(join(dockerd.certs.clientDir, file), 'utf8');
    writeContext(scratch, {
      name: 'sdconn-tls',
      host: dockerd.url,
      tls: { ca: pem('ca.pem'), cert: pem('cert.pem'), key: pem('key.pem') },
    });
    writeContext(scratch, {
      name: 'sdconn-skip',
      host: dockerd.url,
      skipTLSVerify: true,
      tls: { cert: pem('cert.pem'), key: pem('key.pem') },
    });
    for (const [name, verify] of [
      ['sdconn-tls', true],
      ['sdconn-skip', false],
    ] as const) {
      const engine = await connectEngine({ env: { DOCKER_CONTEXT: name }, configDir: scratch });
      try {
        assert.equal(engine.endpoint.context, name);
        assert.equal(engine.endpoint.tls?.verify, verify);
        assert.equal(((await engine.docker.info()) as { DockerRootDir: string }).DockerRootDir, dockerd.dataRoot);
      } finally {
        await engine.dispose();
      }
    }
  });

  it('says the engine refused us when we have no client certificate', async () => {
    writeContext(scratch, { name: 'sdconn-nocert', host: dockerd.url, tls: { ca: readFileSync(dockerd.certs.caFile, 'utf8') } });
    await assert.rejects(connectEngine({ context: 'sdconn-nocert', env: {}, configDir: scratch }), (error: unknown) => {
      assert.ok(error instanceof EngineUnavailableError);
      const prefix = `no engine at ${dockerd.url} (the engine did not accept a client certificate from us (none, or not signed by its CA): `;
      assert.ok(error.message.startsWith(prefix), error.message);
      assert.match(
        error.message,
        /: ERR_SSL_\w+\); context 'sdconn-nocert' from --context; TLS verifying the engine, 1 certificate file\(s\) from context 'sdconn-nocert'$/,
      );
      return true;
    });
  });

  it('says it cannot verify an engine whose certificate another CA signed, and when TLS is missing', async () => {
    const stranger = await generateTlsCertificates(join(scratch, 'stranger'), 'sdconn-stranger-ca');
    const env = { DOCKER_HOST: dockerd.url, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: stranger.clientDir };
    await assert.rejects(
      connectEngine({ env, configDir: scratch }),
      new EngineUnavailableError(
        `no engine at ${dockerd.url} (cannot verify the engine's certificate: UNABLE_TO_VERIFY_LEAF_SIGNATURE); ` +
          `DOCKER_HOST=${dockerd.url}; context 'default'; TLS verifying the engine, 3 certificate file(s) from DOCKER_CERT_PATH=${stranger.clientDir}`,
      ),
    );
    await assert.rejects(
      connectEngine({ env: { DOCKER_HOST: dockerd.url }, configDir: scratch }),
      new EngineUnavailableError(
        `no engine at ${dockerd.url} (HTTP 400: Client sent an HTTP request to an HTTPS server.); DOCKER_HOST=${dockerd.url}; context 'default'`,
      ),
    );
  });
});

describe('engine connection over ssh (sshd on 127.0.0.1, to the machine engine)', () => {
  let sshd: SshdServer;
  let url: string;

  before(async () => {
    sshd = await startSshd();
    url = `ssh://root@127.0.0.1:${sshd.port}`;
  });
  after(async () => {
    await sshd?.stop();
  });

  it('serves many requests, a hijacked exec among them, through one ssh process; dispose ends it', async () => {
    const before = sshChildren().length;
    const engine: Engine = await connectEngine({ host: url, env: {}, sshArgs: ['-F', sshd.clientConfig] });
    let container: Docker.Container | undefined;
    try {
      const tunnels = sshChildren();
      assert.equal(tunnels.length, before + 1);
      const local = await connectEngine({ env: {} });
      assert.equal(((await engine.docker.info()) as { ID: string }).ID, ((await local.docker.info()) as { ID: string }).ID);
      await local.dispose();
      await engine.docker.version();
      await Promise.all(Array.from({ length: 5 }, () => engine.docker.listContainers({ all: true })));
      const image = await ensureBusyboxImage(engine.docker);
      container = await engine.docker.createContainer({
        name: `sdconn-ssh-${process.pid}`,
        Image: image,
        Cmd: ['sleep', '120'],
        Labels: { [TEST_LABEL]: '1' },
        HostConfig: { NetworkMode: 'none' },
      });
      await container.start();
      const result = await runExec(container, ['sh', '-c', 'echo over ssh; exit 4'], { tty: true });
      assert.deepEqual(result, { output: 'over ssh\r\n', exitCode: 4 });
      assert.deepEqual(sshChildren(), tunnels, 'still the same single ssh process');
      assert.equal(sshd.log().match(/Accepted publickey for root/g)?.length, 1, 'one login for all requests');
    } finally {
      await container?.remove({ force: true });
      await engine.dispose();
    }
    assert.equal(sshChildren().length, before, 'dispose ended ssh');
  });

  it('reaches an ssh engine named by DOCKER_HOST or by a context as well', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'sdconn-sshctx-'));
    try {
      writeContext(configDir, { name: 'sdconn-ssh', host: url });
      const sshArgs = ['-F', sshd.clientConfig];
      for (const env of [{ DOCKER_HOST: url }, { DOCKER_CONTEXT: 'sdconn-ssh' }]) {
        const engine = await connectEngine({ env, configDir, sshArgs });
        try {
          assert.equal(engine.endpoint.url, url);
          assert.match(engine.apiVersion, /^1\.\d+$/);
          assert.ok(Array.isArray(await engine.docker.listContainers()));
        } finally {
          await engine.dispose();
        }
      }
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it("reports ssh's own words when the host key cannot be verified", async () => {
    const before = sshChildren().length;
    await assert.rejects(
      connectEngine({ host: url, env: {}, sshArgs: ['-F', sshd.untrustingClientConfig] }),
      new EngineUnavailableError(
        `no engine at ${url} (ssh exited with code 255: No ED25519 host key is known for [127.0.0.1]:${sshd.port} and you have requested strict checking. Host key verification failed.); given explicitly`,
      ),
    );
    assert.equal(sshChildren().length, before, 'the failed ssh is gone');
  });

  it('says what ssh saw when the remote engine socket does not exist', async () => {
    const missing = `${url}/run/sdconn-missing.sock`;
    await assert.rejects(connectEngine({ host: missing, env: {}, sshArgs: ['-F', sshd.clientConfig] }), (error: unknown) => {
      assert.ok(error instanceof EngineUnavailableError);
      assert.match(
        error.message,
        new RegExp(`^no engine at ${missing} \\(\\w+\\); given explicitly; ssh: open failed: connect failed: open failed$`),
      );
      return true;
    });
  });
});

describe('engine connection: bounded waits and a sealed environment', () => {
  /** A TCP server that accepts connections and never says a word: a hung engine or sshd. */
  async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const close = () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    };
    return { port, close };
  }

  // The message names the 1 s deadline that fired; the test's timeout catches a hang (timings belong in bench/).
  it('gives up on an engine that accepts but never answers, at the deadline', { timeout: 15_000 }, async () => {
    const silent = await silentServer();
    try {
      await assert.rejects(
        connectEngine({ host: `tcp://127.0.0.1:${silent.port}`, env: {}, timeoutMs: 1000 }),
        new EngineUnavailableError(`no engine at tcp://127.0.0.1:${silent.port} (no answer within 1 s); given explicitly`),
      );
    } finally {
      await silent.close();
    }
  });

  it('gives up on an ssh server that never speaks, and leaves no ssh behind', { timeout: 15_000 }, async () => {
    const silent = await silentServer();
    const before = sshChildren().length;
    try {
      const url = `ssh://root@127.0.0.1:${silent.port}`;
      await assert.rejects(connectEngine({ host: url, env: {}, timeoutMs: 1500 }), (error: unknown) => {
        assert.ok(error instanceof EngineUnavailableError);
        // Either our deadline or ssh's own ConnectTimeout (which also bounds the banner exchange) fires first.
        assert.match(
          error.message,
          new RegExp(
            `^no engine at ${url} \\(ssh (did not open the tunnel within 1.5 s|exited with code 255: .*banner exchange.*)\\); given explicitly$`,
          ),
        );
        return true;
      });
      assert.equal(sshChildren().length, before);
    } finally {
      await silent.close();
    }
  });

  it("never lets docker-modem read the process environment behind the resolver's back", async () => {
    const saved = { host: process.env['DOCKER_HOST'], timeout: process.env['DOCKER_CLIENT_TIMEOUT'] };
    // docker-modem would send every request to this port, and time out every stream after 1 ms.
    process.env['DOCKER_HOST'] = 'tcp://127.0.0.1:9';
    process.env['DOCKER_CLIENT_TIMEOUT'] = '1';
    try {
      const engine = await connectEngine({ env: {} });
      try {
        assert.equal(engine.endpoint.url, 'unix:///var/run/docker.sock');
        const pong: unknown = await engine.docker.ping();
        assert.ok(Buffer.isBuffer(pong));
        assert.equal(pong.toString(), 'OK');
      } finally {
        await engine.dispose();
      }
    } finally {
      for (const [name, value] of [
        ['DOCKER_HOST', saved.host],
        ['DOCKER_CLIENT_TIMEOUT', saved.timeout],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
