import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CommandRun, StevedoreApi } from '../../../client/src/context';
import { next } from '../suite/events';

/**
 * The workspace opened untrusted (restricted mode): the language features work; nothing reaches an engine, and
 * Deploy says why instead of acting.
 */

function workspaceFile(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, path);
}

describe('Stevedore in an untrusted workspace', () => {
  let api: StevedoreApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('broken/compose.yaml')));
    api = await extension.activate();
  });

  it('runs in restricted mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still validates: the syntax error of a broken compose file is reported', async () => {
    const uri = workspaceFile('broken/compose.yaml');
    const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'stevedore');
    if (ours().length === 0)
      await next(vscode.languages.onDidChangeDiagnostics, () => ours().length > 0, 30_000, 'diagnostics in restricted mode');
    assert.ok(ours().length > 0);
  });

  it('refuses Deploy with an explanation, and declares it disabled while untrusted', async () => {
    const contributed = (
      vscode.extensions.getExtension('stevedore.stevedore')?.packageJSON as {
        contributes: { commands: { command: string; enablement?: string }[] };
      }
    ).contributes.commands;
    assert.equal(contributed.find((c) => c.command === 'stevedore.deploy')?.enablement, 'isWorkspaceTrusted');
    const done = next(api.onDidRunCommand, (r: CommandRun) => r.command === 'stevedore.deploy', 30_000, 'the refused deploy');
    await vscode.commands.executeCommand('stevedore.deploy', { uri: workspaceFile('sdeditor/compose.yaml').toString() });
    const run = await done;
    assert.equal(run.ok, false);
    assert.match(run.message, /this workspace is not trusted: Stevedore does not reach a Docker engine from it/);
  });

  it('shows the reason in the explorer and adds no live state to the code lenses', async () => {
    const shown = next(
      api.onDidRefreshExplorer,
      (items) => items.some((i) => i.label === 'Workspace not trusted'),
      30_000,
      'the untrusted item in the tree',
    );
    await vscode.commands.executeCommand('stevedore.explorer.focus');
    const item = (await shown)[0];
    assert.match(item?.tooltip ?? '', /Manage Workspace Trust/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      workspaceFile('sdeditor/compose.yaml'),
    );
    assert.ok(
      lenses.some((l) => l.command?.title === 'Scale'),
      'the server still proposes its lenses',
    );
    assert.deepEqual(
      lenses.filter((l) => !l.command?.command).map((l) => l.command?.title),
      [],
    );
  });
});
