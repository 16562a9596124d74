import assert from 'node:assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { CommandRun, StevedoreApi } from '../../../client/src/context';
import type { EngineResource } from '../../../client/src/engine';
import { next } from './events';

/**
 * The Docker Volumes view in a real VS Code: a volume made on the engine appears (from the engine's events), and a
 * Prune scoped to this test's label removes exactly what it listed. Only `sdg-ed-…` volumes labelled
 * `org.stevedore.test=sdg-editor` are made, listed by the prune, or removed.
 */

const LABEL = 'org.stevedore.test=sdg-editor';

describe('Stevedore docker resources views', function () {
  this.timeout(120_000);
  let api: StevedoreApi;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const clear = async (): Promise<void> => {
    for (const v of (await docker.listVolumes()).Volumes ?? [])
      if (v.Name.startsWith('sdg-ed-')) await docker.getVolume(v.Name).remove();
  };

  before(async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    api = await extension.activate();
    await clear();
  });
  after(clear);

  it('shows a new volume as dangling, and prunes exactly the listed ones', async () => {
    const listed = (names: string[]) => (resources: readonly EngineResource[]) =>
      names.every((n) => resources.some((r) => r.name === n && r.dangling));
    await vscode.commands.executeCommand('stevedore.volumes.focus');
    const shown = next(api.onDidRefreshVolumes, listed(['sdg-ed-a', 'sdg-ed-b']), 60_000, 'both volumes in the view');
    await docker.createVolume({ Name: 'sdg-ed-a', Labels: { 'org.stevedore.test': 'sdg-editor' } });
    await docker.createVolume({ Name: 'sdg-ed-b', Labels: { 'org.stevedore.test': 'sdg-editor' } });
    await docker.createVolume({ Name: 'sdg-ed-other' });
    await shown;

    const done = next(
      api.onDidRunCommand,
      (r: CommandRun) => r.command === 'stevedore.resources.pruneVolumes',
      60_000,
      'the prune',
    );
    await vscode.commands.executeCommand('stevedore.resources.pruneVolumes', { label: LABEL, confirmed: true });
    const run = await done;
    assert.ok(run.ok, run.message);
    assert.match(run.message, /^removed sdg-ed-a, sdg-ed-b, /);
    const left = ((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name).filter((n) => n.startsWith('sdg-ed-'));
    assert.deepEqual(left, ['sdg-ed-other']);
  });
});
