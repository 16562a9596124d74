import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentName, folderNameOf, isNormalDeploymentName, normalizeDeploymentName } from '@stevedore/model';

describe('deploymentName (the model): the name a file deploys under', () => {
  it('normalises as compose does: lower case, only [a-z0-9_-], no leading _ or -', () => {
    const cases: [string, string][] = [
      ['Shop', 'shop'],
      ['My App.v2', 'myappv2'],
      ['_private', 'private'],
      ['--x_y-', 'x_y-'],
      ['9lives', '9lives'],
      ['Ünïcode', 'ncode'],
      ['___', ''],
    ];
    for (const [raw, name] of cases) {
      assert.equal(normalizeDeploymentName(raw), name, raw);
      if (name) assert.ok(isNormalDeploymentName(name), name);
    }
    assert.ok(!isNormalDeploymentName('_private'));
  });

  it('names a compose project by name: or its folder, a stack by its folder, with the kind as last resort', () => {
    assert.equal(deploymentName({ kind: 'compose', file: '/w/Shop/compose.yaml', written: 'Web Shop' }), 'webshop');
    assert.equal(deploymentName({ kind: 'compose', file: '/w/Shop/compose.yaml' }), 'shop');
    assert.equal(deploymentName({ kind: 'stack', file: '/w/_Shop/docker-stack.yml', written: 'ignored' }), 'shop');
    assert.equal(deploymentName({ kind: 'stack', file: '/w/_/docker-stack.yml' }), 'stack');
    assert.equal(deploymentName({ kind: 'compose', file: '/w/__/compose.yaml' }), 'project');
  });

  it('reads the folder from a path (either slash) or a file URI', () => {
    assert.equal(folderNameOf('/w/My App/compose.yaml'), 'My App');
    assert.equal(folderNameOf('C:\\w\\Shop\\compose.yaml'), 'Shop');
    assert.equal(folderNameOf('file:///w/My%20App/compose.yaml'), 'My App');
    assert.equal(folderNameOf('compose.yaml'), '');
  });
});
