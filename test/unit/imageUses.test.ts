import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageUsesOf, normalizeImageReference, usesOfImage } from '../../client/src/views/imageUses';

describe('which Compose files name an image', () => {
  it('reads each service’s image with its place, leaving out interpolated ones', () => {
    const uses = imageUsesOf(
      'file:///w/compose.yaml',
      'services:\n  web:\n    image: nginx\n  api:\n    image: ${REGISTRY}/api:1\n  db:\n    image: docker.io/library/postgres:16\n',
    );
    assert.deepEqual(
      uses.map((u) => [u.service, u.image, u.line, u.character]),
      [
        ['web', 'nginx', 2, 11],
        ['db', 'docker.io/library/postgres:16', 6, 11],
      ],
    );
  });

  it('matches the engine’s tags as the engine names them', () => {
    assert.equal(normalizeImageReference('nginx'), 'nginx:latest');
    assert.equal(normalizeImageReference('docker.io/library/nginx:1.27'), 'nginx:1.27');
    assert.equal(normalizeImageReference('registry:5000/team/app'), 'registry:5000/team/app:latest');
    const uses = imageUsesOf('file:///w/compose.yaml', 'services:\n  web:\n    image: nginx\n  db:\n    image: postgres:16\n');
    assert.deepEqual(
      usesOfImage(['nginx:latest', 'nginx:1'], uses).map((u) => u.service),
      ['web'],
    );
    assert.deepEqual(usesOfImage(['postgres:15'], uses), []);
  });
});
