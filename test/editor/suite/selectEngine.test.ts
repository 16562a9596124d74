import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../../client/src/context';
import { next } from './events';

/**
 * Select Docker Engine with an address: stored in this workspace's settings, used at once, and the docker CLI's
 * configuration left as it was. (The picker's entries are unit-tested in test/unit/engineChoices.test.ts.)
 */
describe('Select Docker Engine in a real VS Code', function () {
  this.timeout(60_000);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('stevedore.engine');
  const cliConfig = (): Promise<string> =>
    readFile(join(process.env['DOCKER_CONFIG'] ?? join(homedir(), '.docker'), 'config.json'), 'utf8').catch(() => 'absent');
  after(async () => {
    await config().update('host', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('stores the chosen engine per workspace and leaves the docker CLI’s configuration alone', async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    const api = await extension.activate();
    const before = await cliConfig();
    const done = next(api.onDidRunCommand, (r) => r.command === 'stevedore.selectEngine', 30_000, 'the engine choice');
    await vscode.commands.executeCommand('stevedore.selectEngine', 'unix:///var/run/docker.sock');
    const run = await done;
    assert.ok(run.ok, run.message);
    assert.equal(run.message, 'Stevedore now uses unix:///var/run/docker.sock in this workspace');
    assert.equal(config().inspect<string>('host')?.workspaceValue, 'unix:///var/run/docker.sock');
    const shown = await vscode.commands.executeCommand<string>('stevedore.showEngine');
    assert.match(shown, /at unix:\/\/\/var\/run\/docker\.sock \(--host\)/);
    assert.equal(await cliConfig(), before);
  });
});
