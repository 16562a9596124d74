import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  connectEngine,
  ContextStoreError,
  describeChoice,
  EngineUnavailableError,
  failureReason,
  listContexts,
  lowerApiVersion,
  resolveEndpoint,
  sshTunnelArgs,
  type ConnectOptions,
} from '../../client/src/engine';
import { contextTlsDir, writeContext, writeCurrentContext } from '../support/remoteEngineContext';

const PEM = { ca: 'ca-pem', cert: 'cert-pem', key: 'key-pem' };

describe('engine resolution (as the docker CLI resolves it)', () => {
  let root: string;
  let configDir: string;
  /** Resolution against the temp config folder with exactly this environment. */
  const resolve = (env: NodeJS.ProcessEnv, more: ConnectOptions = {}) => resolveEndpoint({ configDir, env, ...more });

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sdconn-unit-'));
    configDir = join(root, 'docker');
    writeContext(configDir, { name: 'prod', host: 'tcp://10.9.9.9:2376', description: 'production', tls: PEM });
    writeContext(configDir, { name: 'lab', host: 'tcp://10.9.9.8:2376', skipTLSVerify: true, tls: { ca: 'x' } });
    writeContext(configDir, { name: 'plain', host: 'tcp://10.9.9.7:2375' });
    writeContext(configDir, { name: 'box', host: 'ssh://deploy@box', tls: PEM });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('falls back to the default socket with nothing configured', () => {
    assert.deepEqual(resolveEndpoint({ configDir: join(root, 'empty'), env: {} }), {
      url: 'unix:///var/run/docker.sock',
      source: 'default socket',
      context: 'default',
    });
  });

  it('takes DOCKER_HOST over DOCKER_CONTEXT and currentContext', () => {
    const other = join(root, 'with-current');
    writeContext(other, { name: 'prod', host: 'tcp://10.9.9.9:2376' });
    writeCurrentContext(other, 'prod');
    const env = { DOCKER_HOST: 'tcp://127.0.0.1:2375', DOCKER_CONTEXT: 'prod' };
    assert.deepEqual(resolveEndpoint({ configDir: other, env }), {
      url: 'tcp://127.0.0.1:2375',
      source: 'DOCKER_HOST',
      context: 'default',
    });
  });

  it('takes DOCKER_CONTEXT over currentContext, with the context TLS material', () => {
    const other = join(root, 'ctx-over-current');
    writeContext(other, { name: 'prod', host: 'tcp://10.9.9.9:2376', tls: PEM });
    writeContext(other, { name: 'plain', host: 'tcp://10.9.9.7:2375' });
    writeCurrentContext(other, 'plain');
    const tlsDir = contextTlsDir(other, 'prod');
    assert.deepEqual(resolveEndpoint({ configDir: other, env: { DOCKER_CONTEXT: 'prod' } }), {
      url: 'tcp://10.9.9.9:2376',
      source: 'DOCKER_CONTEXT=prod',
      context: 'prod',
      tls: {
        verify: true,
        from: "context 'prod'",
        caFile: join(tlsDir, 'ca.pem'),
        certFile: join(tlsDir, 'cert.pem'),
        keyFile: join(tlsDir, 'key.pem'),
      },
    });
  });

  it('uses currentContext in config.json when nothing else decides', () => {
    const other = join(root, 'current');
    writeContext(other, { name: 'plain', host: 'tcp://10.9.9.7:2375' });
    writeCurrentContext(other, 'plain');
    const endpoint = resolveEndpoint({ configDir: other, env: {} });
    assert.equal(endpoint.url, 'tcp://10.9.9.7:2375');
    assert.equal(endpoint.source, `currentContext in ${join(other, 'config.json')}`);
    assert.equal(endpoint.tls, undefined);
  });

  it('reads the config folder from DOCKER_CONFIG when none is given', () => {
    const endpoint = resolveEndpoint({ env: { DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'plain' } });
    assert.equal(endpoint.url, 'tcp://10.9.9.7:2375');
  });

  it('lets an explicit host or context win over the environment, but not both at once', () => {
    const env = { DOCKER_HOST: 'tcp://127.0.0.1:2375', DOCKER_CONTEXT: 'prod' };
    assert.equal(resolve(env, { host: 'unix:///run/other.sock' }).url, 'unix:///run/other.sock');
    assert.equal(resolve(env, { host: 'unix:///run/other.sock' }).source, '--host');
    assert.equal(resolve(env, { context: 'plain' }).url, 'tcp://10.9.9.7:2375');
    assert.equal(resolve(env, { context: 'plain' }).source, '--context');
    assert.throws(
      () => resolve(env, { host: 'unix:///run/other.sock', context: 'plain' }),
      new ContextStoreError(
        "choose either an engine address or a context, not both (host unix:///run/other.sock, context 'plain')",
      ),
    );
  });

  it("treats the context 'default' as DOCKER_HOST or the socket", () => {
    assert.equal(resolve({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }, { context: 'default' }).url, 'tcp://127.0.0.1:2375');
    assert.equal(resolve({ DOCKER_CONTEXT: 'default' }).url, 'unix:///var/run/docker.sock');
    assert.equal(resolve({ DOCKER_CONTEXT: 'default' }).context, 'default');
  });

  it('names the known contexts when a context does not exist', () => {
    const message = `context 'nope' (DOCKER_CONTEXT=nope) does not exist in ${join(configDir, 'contexts')}; known contexts: default, box, lab, plain, prod`;
    assert.throws(() => resolve({ DOCKER_CONTEXT: 'nope' }), new ContextStoreError(message));
    const other = join(root, 'stale-current');
    writeCurrentContext(other, 'gone');
    assert.throws(
      () => resolveEndpoint({ configDir: other, env: {} }),
      (error: unknown) =>
        error instanceof EngineUnavailableError &&
        error.message ===
          `context 'gone' (currentContext in ${join(other, 'config.json')}) does not exist in ${join(other, 'contexts')}; known contexts: default`,
    );
  });

  it('honours SkipTLSVerify and ignores TLS material for non-tcp hosts and contexts without it', () => {
    assert.deepEqual(resolve({}, { context: 'lab' }).tls, {
      verify: false,
      from: "context 'lab'",
      caFile: join(contextTlsDir(configDir, 'lab'), 'ca.pem'),
      certFile: undefined,
      keyFile: undefined,
    });
    assert.equal(resolve({}, { context: 'plain' }).tls, undefined);
    assert.equal(resolve({}, { context: 'box' }).tls, undefined);
  });

  it('takes TLS for tcp:// from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH like the CLI', () => {
    const certs = join(root, 'certs');
    mkdirSync(certs, { recursive: true });
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, file), 'pem');
    const files = { caFile: join(certs, 'ca.pem'), certFile: join(certs, 'cert.pem'), keyFile: join(certs, 'key.pem') };
    const host = 'tcp://127.0.0.1:2376';
    assert.deepEqual(resolve({ DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }).tls, {
      verify: true,
      from: `DOCKER_CERT_PATH=${certs}`,
      ...files,
    });
    // Certificates without DOCKER_TLS_VERIFY: TLS, engine not verified.
    assert.equal(resolve({ DOCKER_HOST: host, DOCKER_CERT_PATH: certs }).tls?.verify, false);
    // DOCKER_TLS_VERIFY alone: the certificates of the config folder (none here), the engine verified.
    assert.deepEqual(resolve({ DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1' }).tls, { verify: true, from: configDir });
    assert.equal(resolve({ DOCKER_HOST: host }).tls, undefined);
    assert.equal(resolve({ DOCKER_HOST: 'unix:///run/x.sock', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }).tls, undefined);
  });

  it('lists default then the stored contexts for a picker', () => {
    const env = { DOCKER_HOST: 'tcp://127.0.0.1:2375' };
    assert.deepEqual(listContexts(configDir, env), [
      { name: 'default', description: 'DOCKER_HOST or the default socket', host: 'tcp://127.0.0.1:2375', tls: false },
      { name: 'box', description: '', host: 'ssh://deploy@box', tls: false },
      { name: 'lab', description: '', host: 'tcp://10.9.9.8:2376', tls: true },
      { name: 'plain', description: '', host: 'tcp://10.9.9.7:2375', tls: false },
      { name: 'prod', description: 'production', host: 'tcp://10.9.9.9:2376', tls: true },
    ]);
  });
});

describe('engine connection messages', () => {
  it('says how the engine was chosen', () => {
    const socket = { url: 'unix:///var/run/docker.sock', context: 'default' };
    assert.equal(describeChoice({ ...socket, source: 'default socket' }, {}), "DOCKER_HOST is unset; context 'default'");
    assert.equal(
      describeChoice({ url: 'tcp://h:2375', source: 'DOCKER_HOST', context: 'default' }, { DOCKER_HOST: 'tcp://h:2375' }),
      "DOCKER_HOST=tcp://h:2375; context 'default'",
    );
    assert.equal(describeChoice({ ...socket, source: '--host' }, {}), 'given explicitly');
    const tls = { verify: true, from: "context 'prod'", caFile: '/c/ca.pem', certFile: '/c/cert.pem', keyFile: '/c/key.pem' };
    assert.equal(
      describeChoice({ url: 'tcp://h:2376', source: 'DOCKER_CONTEXT=prod', context: 'prod', tls }, {}),
      "context 'prod' from DOCKER_CONTEXT=prod; TLS verifying the engine, 3 certificate file(s) from context 'prod'",
    );
  });

  it('turns errors into short reasons', () => {
    const coded = (code: string) => Object.assign(new Error('x'), { code });
    assert.equal(failureReason(coded('ENOENT'), 1000), 'ENOENT');
    assert.equal(
      failureReason(coded('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), 1000),
      'the engine did not accept a client certificate from us (none, or not signed by its CA): ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
    );
    assert.equal(
      failureReason(coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 1000),
      "cannot verify the engine's certificate: DEPTH_ZERO_SELF_SIGNED_CERT",
    );
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    assert.equal(failureReason(abort, 2500), 'no answer within 2.5 s');
    const http = Object.assign(new Error('(HTTP code 400) bad'), {
      statusCode: 400,
      json: { message: 'Client sent an HTTP request' },
    });
    assert.equal(failureReason(http, 1000), 'HTTP 400: Client sent an HTTP request');
    const raw = Object.assign(new Error('(HTTP code 400) unexpected'), { statusCode: 400, json: Buffer.from('Plain text.\n') });
    assert.equal(failureReason(raw, 1000), 'HTTP 400: Plain text.');
  });

  it('reports an unreachable context endpoint with where it came from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdconn-unit-'));
    try {
      writeContext(dir, { name: 'gone', host: 'unix:///nonexistent/sdconn.sock' });
      await assert.rejects(
        connectEngine({ configDir: dir, env: { DOCKER_CONTEXT: 'gone' } }),
        new EngineUnavailableError(
          "no engine at unix:///nonexistent/sdconn.sock (ENOENT); context 'gone' from DOCKER_CONTEXT=gone",
        ),
      );
      await assert.rejects(
        connectEngine({ configDir: dir, env: {}, host: 'fd://3' }),
        new EngineUnavailableError('unsupported engine address fd://3; use unix://, tcp:// or ssh:// (given explicitly)'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("explains when dockerode itself trips over this process's DOCKER_CERT_PATH", async () => {
    const names = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'] as const;
    const saved = names.map((name) => process.env[name]);
    Object.assign(process.env, {
      DOCKER_HOST: 'tcp://127.0.0.1:9',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/nonexistent/sdconn',
    });
    try {
      await assert.rejects(
        connectEngine({ host: 'unix:///nonexistent/sdconn.sock', env: {} }),
        new EngineUnavailableError(
          "cannot set up a client for unix:///nonexistent/sdconn.sock: dockerode rejected this process's DOCKER_HOST/DOCKER_CERT_PATH (ENOENT)",
        ),
      );
    } finally {
      names.forEach((name, i) => (saved[i] === undefined ? delete process.env[name] : (process.env[name] = saved[i])));
    }
  });

  it('negotiates down to the version both sides speak', () => {
    assert.equal(lowerApiVersion('1.41', '1.47'), '1.41');
    assert.equal(lowerApiVersion('1.48', '1.47'), '1.47');
    assert.equal(lowerApiVersion('1.9', '1.10'), '1.9');
  });
});

describe('ssh tunnel arguments', () => {
  const args = (url: string, sshArgs: string[] = []) =>
    sshTunnelArgs(new URL(url), '/tmp/t/docker.sock', { sshArgs, timeoutMs: 15_000 });

  it('forwards a local socket to the remote engine socket, never prompting', () => {
    assert.deepEqual(args('ssh://deploy@box.example:2222', ['-F', '/cfg']), [
      '-N',
      '-T',
      '-o',
      'ExitOnForwardFailure=yes',
      '-o',
      'BatchMode=yes',
      '-F',
      '/cfg',
      '-o',
      'ConnectTimeout=15',
      '-o',
      'StreamLocalBindUnlink=yes',
      '-L',
      '/tmp/t/docker.sock:/var/run/docker.sock',
      '-p',
      '2222',
      '-l',
      'deploy',
      '--',
      'box.example',
    ]);
  });

  it('takes the remote socket from the URL path and leaves user and port to ~/.ssh/config when absent', () => {
    const result = args('ssh://box/run/user/1000/docker.sock');
    assert.ok(result.includes('/tmp/t/docker.sock:/run/user/1000/docker.sock'));
    assert.ok(!result.includes('-p') && !result.includes('-l'));
    assert.equal(result.at(-1), 'box');
  });
});
