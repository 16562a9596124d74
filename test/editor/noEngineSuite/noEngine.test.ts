import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CommandRun, StevedoreApi } from '../../../client/src/context';
import { next } from '../suite/events';

/** stevedore.engine.host names a socket that does not exist: the explorer and every command say so, and what to do. */

const NO_ENGINE = /no engine at unix:\/\/\/\S+\/sdext-no-engine\/docker\.sock \(ENOENT\)/;
const WHAT_TO_DO =
  /setting stevedore\.engine\.host of this workspace\. Start Docker there, or run "Stevedore: Select Docker Engine"/;

function workspaceFile(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, path);
}

describe('Stevedore with no engine', () => {
  let api: StevedoreApi;
  const ran = (command: string): Promise<CommandRun> => next(api.onDidRunCommand, (r) => r.command === command, 30_000, command);

  before(async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('sdeditor/compose.yaml')));
    api = await extension.activate();
  });

  it('shows a "No Docker engine" item in the explorer with the reason and what to do', async () => {
    const shown = next(
      api.onDidRefreshExplorer,
      (items) => items.some((i) => i.label === 'No Docker engine'),
      30_000,
      'the no-engine item',
    );
    await vscode.commands.executeCommand('stevedore.explorer.focus');
    const items = await shown;
    assert.equal(items.length, 1);
    assert.equal(items[0]?.description, 'click to select an engine');
    assert.match(items[0]?.tooltip ?? '', NO_ENGINE);
    assert.match(items[0]?.tooltip ?? '', WHAT_TO_DO);
  });

  it('fails Deploy and Scale with a clear message', async () => {
    const deployed = ran('stevedore.deploy');
    await vscode.commands.executeCommand('stevedore.deploy', { uri: workspaceFile('sdeditor/compose.yaml').toString() });
    const deploy = await deployed;
    assert.equal(deploy.ok, false);
    assert.match(deploy.message, NO_ENGINE);
    assert.match(deploy.message, WHAT_TO_DO);
    const scaled = ran('stevedore.scale');
    await vscode.commands.executeCommand('stevedore.scale', { project: 'sdextnone', service: 'app', replicas: 2 });
    const scale = await scaled;
    assert.equal(scale.ok, false);
    assert.match(scale.message, NO_ENGINE);
  });

  it('keeps the server’s code lenses and adds no live state', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      workspaceFile('sdeditor/compose.yaml'),
    );
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ['$(rocket) Deploy project sdeditor', 'Deploy', 'Scale', 'Shell', 'Logs'],
    );
  });
});
