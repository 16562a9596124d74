import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../support/lspClient';

/** Enough manifests that checking them takes many steps: the newer version arrives while the first is checked. */
const manifests = (image: string): string =>
  Array.from(
    { length: 300 },
    (_, i) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-${i}}\nspec:\n  selector: {matchLabels: {app: web-${i}}}\n` +
      `  template:\n    metadata: {labels: {app: web-${i}}}\n    spec:\n      containers: [{name: web, image: ${image}}]\n`,
  ).join('---\n');

describe('language server: a superseded version is not validated to the end', () => {
  let client: LspTestClient;
  before(async () => {
    client = (await LspTestClient.start('stdio')).client;
  });
  after(async () => {
    await client.stop();
  });

  it('publishes nothing for version 1 when version 2 arrives while version 1 is checked', async () => {
    const uri = 'file:///w/cancel/manifests.yaml';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text: manifests('nginx') },
    });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: manifests('nginx:1.27') }],
    });
    // The first diagnostics published for the document are those of version 2.
    const first = await client.diagnostics(uri, () => true, 60_000);
    assert.equal(first.version, 2);
    assert.deepEqual(first.diagnostics, []);
  });
});
