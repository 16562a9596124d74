import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { connectEngine, EngineUnavailableError, runExec, startExec, type Engine } from '../../client/src/engine';
import { BUSYBOX_IMAGE, testEngine } from '../support/preconditions';
import { removeTestContainers, TEST_LABEL } from '../support/engineCleanup';

describe('engine connection', () => {
  it('says what was tried when no engine answers', async () => {
    await assert.rejects(connectEngine({ host: 'unix:///nonexistent/docker.sock', env: {} }), (error: unknown) => {
      assert.ok(error instanceof EngineUnavailableError);
      assert.equal(error.message, 'no engine at unix:///nonexistent/docker.sock (ENOENT); given explicitly');
      return true;
    });
  });

  it('negotiates the API version with the local engine', async () => {
    const engine = await testEngine({ image: true });
    assert.match(engine.apiVersion, /^1\.\d+$/);
    assert.equal(engine.endpoint.source, process.env['DOCKER_HOST'] ? 'DOCKER_HOST' : 'default socket');
    assert.equal((await engine.docker.version()).ApiVersion, engine.apiVersion);
    await engine.dispose();
  });
});

describe('exec with a TTY through dockerode', () => {
  let engine: Engine;
  let container: Docker.Container;

  before(async () => {
    engine = await testEngine({ image: true });
    await removeTestContainers(engine.docker, 'exec');
    const image = BUSYBOX_IMAGE;
    container = await engine.docker.createContainer({
      Image: image,
      Cmd: ['sleep', '600'],
      Labels: { [TEST_LABEL]: 'exec' },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
  });

  after(async () => {
    await container.remove({ force: true });
    await assert.rejects(container.inspect(), (error: { statusCode?: number }) => error.statusCode === 404);
    await engine.dispose();
  });

  it('runs a command on a terminal of the requested size and returns its output and exit code', async () => {
    // Engines before API 1.42 size the terminal just after start: wait for that, as a full-screen program would.
    const script = 'tty; until [ -n "$(stty size 2>/dev/null)" ]; do sleep 0.05; done; stty size; echo "hello $((6*7))"; exit 3';
    const result = await runExec(container, ['sh', '-c', script], {
      tty: true,
      columns: 101,
      rows: 33,
    });
    assert.equal(result.exitCode, 3);
    // The remote PTY turns \n into \r\n: the output is what a terminal would show.
    assert.match(result.output, /^\/dev\/pts\/\d+\r\n33 101\r\nhello 42\r\n$/);
  });

  it('drives an interactive shell: input, resize, exit code', async () => {
    const session = await startExec(container, ['sh'], { tty: true, columns: 80, rows: 24 });
    let screen = '';
    const seen = (pattern: RegExp): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (pattern.test(screen)) {
            session.stream.off('data', onData);
            resolve();
          }
        };
        const onData = (chunk: Buffer): void => {
          screen += chunk.toString('utf8');
          check();
        };
        session.stream.on('data', onData);
        check();
      });
    session.stream.write('echo marker-$((40+2))\r');
    await seen(/marker-42/);
    await session.resize(120, 40);
    session.stream.write('stty size\r');
    await seen(/40 120/);
    session.stream.write('exit 5\r');
    assert.equal(await session.exitCode(), 5);
  });
});
