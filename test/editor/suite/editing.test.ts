import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'stevedore.stevedore';

// The server asks the extension for the engine's images (stevedore/images); the extension answers from its engine
// connection. The engine tier's busybox image (stevedore/busybox:local) is on the machine's engine.
describe('Image names from the engine, through the extension', () => {
  it('completes an image name and its tag from the local engine', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const document = await vscode.workspace.openTextDocument({
      language: 'dockercompose',
      content: 'services:\n  web:\n    image: stevedore/busy\n  db:\n    image: stevedore/busybox:\n',
    });
    const labels = async (line: number, character: number): Promise<string[]> => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(line, character),
      );
      return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const names = await labels(2, document.lineAt(2).text.length);
    assert.ok(names.includes('stevedore/busybox'), names.join(', '));
    const tags = await labels(4, document.lineAt(4).text.length);
    assert.ok(tags.includes('local'), tags.join(', '));
  });
});
