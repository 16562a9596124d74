import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, readCommandArgs } from '../../server/src/service';
import { repoRoot } from '../support/paths';

describe('the protocol with the extension (protocol.ts)', () => {
  it('declares exactly the commands package.json contributes', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    assert.deepEqual(Object.values(COMMANDS).sort(), manifest.contributes.commands.map((c) => c.command).sort());
  });

  it('reads the fields a command declares, with their types, and drops the rest', () => {
    assert.deepEqual(readCommandArgs(COMMANDS.deploy, { uri: 'file:///a', services: ['web'], as: 'stack', label: 'x' }), {
      uri: 'file:///a',
      services: ['web'],
      as: 'stack',
    });
    assert.deepEqual(readCommandArgs(COMMANDS.deploy, { services: ['web', 3], as: 'swarm' }), {});
    assert.deepEqual(readCommandArgs(COMMANDS.scale, { project: 'p', service: 'web', replicas: '3', writeBack: false }), {
      project: 'p',
      service: 'web',
      writeBack: false,
    });
    assert.deepEqual(readCommandArgs(COMMANDS.logs, { task: 't1', label: 'web.1' }), { task: 't1', label: 'web.1' });
    assert.deepEqual(readCommandArgs(COMMANDS.down, { stack: 's', confirmed: true }), { stack: 's', confirmed: true });
    assert.deepEqual(readCommandArgs(COMMANDS.removeNodeLabel, { node: 'worker-1', key: 'zone', version: 7, confirmed: 'yes' }), {
      node: 'worker-1',
      key: 'zone',
      version: 7,
    });
    assert.deepEqual(readCommandArgs(COMMANDS.attachShell, { container: 'c1', shell: 'zsh', replica: 3 }), {
      container: 'c1',
      shell: 'zsh',
    });
    for (const nothing of [undefined, null, 'file:///a', 42]) assert.deepEqual(readCommandArgs(COMMANDS.down, nothing), {});
  });
});
