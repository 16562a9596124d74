import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { EDITOR_CAPABILITIES, LspTestClient } from '../support/lspClient';

/**
 * `stevedore.codeLens` in the real server: `all` proposes Deploy / Scale / Shell / Logs, `state` and `off` none (the
 * extension's live-state line is all `state` keeps), and each change asks the editor to read the lenses again.
 */
describe('language server: the stevedore.codeLens setting', () => {
  let client: LspTestClient;
  let refreshes = 0;
  const uri = 'file:///w/sdwproflens/compose.yaml';
  const titles = async (): Promise<string[]> =>
    ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? []).map(
      (l) => `${l.range.start.line} ${l.command?.title ?? ''}`,
    );
  const setMode = async (codeLens: unknown): Promise<void> => {
    const before = refreshes;
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { stevedore: { codeLens } } });
    // Requests are answered in order: once these lenses are answered, the setting is read and the refresh sent.
    await titles();
    assert.equal(refreshes, before + 1, 'the editor is asked to read the lenses again');
  };

  before(async () => {
    ({ client } = await LspTestClient.start('ipc', { capabilities: EDITOR_CAPABILITIES }));
    client.connection.onRequest(CodeLensRefreshRequest.type, () => {
      refreshes++;
    });
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockercompose', version: 1, text: 'services:\n  web:\n    image: nginx\n' },
    });
  });
  after(() => client.stop());

  const ALL = ['0 $(rocket) Deploy project sdwproflens', '1 Deploy', '1 Scale', '1 Shell', '1 Logs'];

  it('proposes every lens by default', async () => {
    assert.deepEqual(await titles(), ALL);
  });

  it('proposes none with state or off, and all of them again with all', async () => {
    await setMode('state');
    assert.deepEqual(await titles(), []);
    await setMode('off');
    assert.deepEqual(await titles(), []);
    await setMode('all');
    assert.deepEqual(await titles(), ALL);
  });

  it('reads a value it does not know as the default', async () => {
    await setMode('loud');
    assert.deepEqual(await titles(), ALL);
  });
});
