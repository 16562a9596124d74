import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CODE_LENS_MODES, readCodeLensMode, readSettings } from '../../server/src/service';
import { repoRoot } from '../support/paths';

describe('the stevedore.codeLens setting', () => {
  it('reads all, state and off; anything else, or nothing, is all', () => {
    for (const mode of CODE_LENS_MODES) assert.equal(readSettings({ codeLens: mode }).codeLens, mode);
    assert.equal(readSettings({ codeLens: 'OFF' }).codeLens, 'all');
    assert.equal(readSettings({}).codeLens, 'all');
    assert.equal(readCodeLensMode(undefined), 'all');
  });

  it('package.json declares the same values, with all as the default', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { enum?: string[]; default?: unknown }> } };
    };
    const setting = manifest.contributes.configuration.properties['stevedore.codeLens'];
    assert.deepEqual(setting?.enum, [...CODE_LENS_MODES]);
    assert.equal(setting?.default, 'all');
  });
});
