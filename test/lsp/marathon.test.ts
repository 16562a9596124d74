import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InsertTextFormat,
  RegistrationRequest,
  type CompletionItem,
  type MarkupContent,
  type Registration,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { fixture } from '../support/fixture';
import { EDITOR_CAPABILITIES, LspTestClient } from '../support/lspClient';

describe('language server: a Marathon definition (JSON)', () => {
  let client: LspTestClient;
  const uri = 'file:///w/mesos/marathon.json';
  const source = fixture('{\n  "id": "/web",\n  "cmd": "sleep 1",\n  "inst$0ances": $0-1,\n  "c$0"\n}\n');
  const [onKey, onValue, typing] = source.markers;

  before(async () => {
    client = (await LspTestClient.start('ipc')).client;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'json', version: 1, text: source.text },
    });
  });
  after(async () => {
    await client.stop();
  });

  it('publishes its diagnostics, each rule at the value it is about', async () => {
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    const negative = published.diagnostics.find((d) => d.code === 'marathon/negative-instances');
    assert.deepEqual(negative?.range.start, onValue, JSON.stringify(published.diagnostics));
    assert.equal(negative?.source, 'stevedore');
  });

  it('hovers a key with its schema description', async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: onKey });
    assert.match((hover?.contents as MarkupContent).value, /^\*\*instances\*\* \(integer\)\n\nThe number of instances/);
  });

  it('completes a half-typed key as a JSON key snippet replacing what is typed', async () => {
    const items = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: typing,
    })) as CompletionItem[];
    const cpus = items.find((i) => i.label === 'cpus');
    assert.equal(cpus?.insertTextFormat, InsertTextFormat.Snippet);
    assert.deepEqual((cpus?.textEdit as TextEdit | undefined)?.newText, '"cpus": $0');
    assert.ok(!items.some((i) => i.label === 'cmd' || i.label === 'instances'));
  });

  it('leaves other JSON alone: no diagnostics for a package.json', async () => {
    const other = 'file:///w/mesos/package.json';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: other, languageId: 'json', version: 1, text: '{"name": "x", "id": "x", "cmd": 1' },
    });
    const published = await client.diagnostics(other);
    assert.deepEqual(published.diagnostics, []);
  });
});

describe('language server: formatting is registered for YAML only where the client registers dynamically', () => {
  it('advertises no static formatting and registers it with a YAML document selector', async () => {
    const registrations: Registration[] = [];
    let both: () => void = () => undefined;
    const registered = new Promise<void>((resolve) => (both = resolve));
    const capabilities = {
      ...EDITOR_CAPABILITIES,
      textDocument: {
        ...EDITOR_CAPABILITIES.textDocument,
        formatting: { dynamicRegistration: true },
        rangeFormatting: { dynamicRegistration: true },
      },
    };
    const { client, initialize } = await LspTestClient.start('stdio', {
      capabilities,
      listen: (connection) =>
        connection.onRequest(RegistrationRequest.type, (params) => {
          registrations.push(...params.registrations);
          if (registrations.length >= 2) both();
        }),
    });
    try {
      assert.equal(initialize.capabilities.documentFormattingProvider, undefined);
      assert.equal(initialize.capabilities.documentRangeFormattingProvider, undefined);
      await registered; // the server registers on `initialized`; the test's timeout bounds the wait
      const yaml = { documentSelector: [{ language: 'yaml' }, { language: 'dockercompose' }] };
      assert.deepEqual(registrations.map((r): [string, unknown] => [r.method, r.registerOptions]).sort(), [
        ['textDocument/formatting', yaml],
        ['textDocument/rangeFormatting', yaml],
      ]);
    } finally {
      await client.stop();
    }
  });
});
