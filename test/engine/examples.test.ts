import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { type Engine } from '../../client/src/engine';
import { followStream } from '../support/busyboxImage';
import { testEngine } from '../support/preconditions';
import { removeTestContainers, TEST_LABEL } from '../support/engineCleanup';
import { freePort, getWhenReady } from '../support/net';
import { repoRoot } from '../support/paths';

describe('examples/hello on the local engine, no registry', () => {
  let engine: Engine;
  let container: Docker.Container | undefined;

  before(async () => {
    engine = await testEngine({ image: true });
    await removeTestContainers(engine.docker, 'examples');
  });
  after(async () => {
    await container?.remove({ force: true });
    await engine.docker
      .getImage('stevedore-hello/web:local')
      .remove({ force: true })
      .catch(() => undefined);
    await engine.dispose();
  });

  it('builds the web image from its Dockerfile and serves the page on 127.0.0.1', async () => {
    const context = join(repoRoot, 'examples', 'hello', 'web');
    const build = await engine.docker.buildImage(
      { context, src: ['Dockerfile', 'index.html'] },
      { t: 'stevedore-hello/web:local' },
    );
    await followStream(engine.docker, build);
    const port = await freePort();
    container = await engine.docker.createContainer({
      Image: 'stevedore-hello/web:local',
      Labels: { [TEST_LABEL]: 'examples' },
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] }, ReadonlyRootfs: true },
    });
    await container.start();
    const page = await getWhenReady(`http://127.0.0.1:${port}/`, 15_000);
    assert.match(page, /<h1>Hello from Stevedore<\/h1>/);
  });
});
