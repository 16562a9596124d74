import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localImages, type Engine } from '../../client/src/engine';
import { testEngine } from '../support/preconditions';

// What the extension answers to the server's image request: read-only, it creates nothing on the engine.
describe('local images for image-name completion', () => {
  let engine: Engine;
  before(async () => {
    engine = await testEngine({ image: true });
  });
  after(async () => {
    await engine.dispose();
  });

  it('lists the engine images by repository with their tags', async () => {
    const images = await localImages(engine);
    const busybox = images.find((i) => i.repository === 'stevedore/busybox');
    assert.ok(busybox, JSON.stringify(images.map((i) => i.repository)));
    assert.ok(busybox.tags.includes('local'));
    assert.ok(images.every((i) => i.repository !== '<none>' && i.tags.every((t) => t !== '<none>')));
  });
});
