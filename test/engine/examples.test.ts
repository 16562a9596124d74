import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { connectEngine, type Engine } from '../../client/src/engine';
import { ensureBusyboxImage, followStream } from '../support/busyboxImage';
import { removeTestContainers, TEST_LABEL } from '../support/engineCleanup';
import { freePort } from '../support/net';
import { repoRoot } from '../support/paths';

/** Asks `url` until it answers 200 or `ms` pass; the server needs a moment after its container starts. */
async function getWhenReady(url: string, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.text();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('examples/hello on the local engine, no registry', () => {
  let engine: Engine;
  let container: Docker.Container | undefined;

  before(async () => {
    engine = await connectEngine();
    await removeTestContainers(engine.docker);
    await ensureBusyboxImage(engine.docker);
  });
  after(async () => {
    await container?.remove({ force: true });
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
