import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../../client/src/context';

/** The Stevedore view container in the activity bar, holding the explorer and the Swarm Nodes view. */
describe('Stevedore view container in the activity bar', function () {
  this.timeout(60_000);

  it('opens from the activity bar command and holds the explorer, Swarm Nodes, Images, Volumes and Networks views', async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    await extension.activate();
    // VS Code registers `workbench.view.extension.<id>` for each contributed view container.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('workbench.view.extension.stevedore'), 'the container has its command');
    await vscode.commands.executeCommand('workbench.view.extension.stevedore');
    const contributes = (extension.packageJSON as { contributes: Record<string, Record<string, { id: string }[]>> }).contributes;
    assert.deepEqual(
      contributes['views']?.['stevedore']?.map((v) => v.id),
      ['stevedore.explorer', 'stevedore.nodes', 'stevedore.images', 'stevedore.volumes', 'stevedore.networks'],
    );
    assert.equal(contributes['views']?.['explorer'], undefined, 'nothing left in the file Explorer');
    // Focusing the explorer view now opens the Stevedore container, not the file Explorer.
    await vscode.commands.executeCommand('stevedore.explorer.focus');
  });
});
