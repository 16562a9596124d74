import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../../client/src/context';

describe('Stevedore installed from its .vsix', () => {
  it('is installed from the extensions folder, not from the source tree', () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension, 'stevedore.stevedore is installed');
    assert.match(extension.extensionUri.path, /\/stevedore\.stevedore-\d+\.\d+\.\d+$/);
  });

  it('activates on a compose file and its bundled server reports a syntax error', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'broken', 'compose.yaml');
    const gotDiagnostics = new Promise<void>((resolve) => {
      const check = (): void => {
        if (vscode.languages.getDiagnostics(uri).some((d) => d.source === 'stevedore' && d.code === 'yaml/syntax')) {
          listener.dispose();
          resolve();
        }
      };
      const listener = vscode.languages.onDidChangeDiagnostics(check);
      check();
    });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    await extension?.activate();
    assert.ok(extension?.isActive);
    await gotDiagnostics;
  });
});
