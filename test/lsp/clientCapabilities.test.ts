import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CancellationTokenSource,
  CodeLensRefreshRequest,
  CompletionRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  InsertTextFormat,
  LSPErrorCodes,
  MarkupKind,
  ReferencesRequest,
  ResponseError,
  type ClientCapabilities,
  type CompletionItem,
  type MarkupContent,
  type ServerCapabilities,
  type SymbolInformation,
} from 'vscode-languageserver-protocol/node';
import { fixture } from '../support/fixture';
import { EDITOR_CAPABILITIES, LspTestClient } from '../support/lspClient';

/** A client that can show only plain text: no snippets, no markdown, a flat outline, no lens refresh, no code action literals. */
const PLAIN_CLIENT: ClientCapabilities = {
  textDocument: {
    completion: { completionItem: { snippetSupport: false, documentationFormat: [MarkupKind.PlainText] } },
    hover: { contentFormat: [MarkupKind.PlainText] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: false },
  },
  workspace: { codeLens: { refreshSupport: false } },
};

const uri = 'file:///w/plain/compose.yaml';
const source = fixture('services:\n  web:\n    image: nginx\n    depends_on: [d$0b]\n  db:\n    ima$0ge: postgres\n');
const at = (i: number): { line: number; character: number } => source.markers[i] ?? { line: 0, character: 0 };
/** A line being typed. */
const typingUri = 'file:///w/plain/docker-compose.yml';
const typing = fixture('services:\n  web:\n    image: nginx\n    rest$0\n');

async function started(
  capabilities: ClientCapabilities,
): Promise<{ client: LspTestClient; server: ServerCapabilities; refreshes: () => number }> {
  const { client, initialize } = await LspTestClient.start('ipc', { capabilities });
  let refreshes = 0;
  client.connection.onRequest(CodeLensRefreshRequest.type, () => {
    refreshes++;
  });
  for (const [open, text] of [
    [uri, source.text],
    [typingUri, typing.text],
  ])
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: open, languageId: 'dockercompose', version: 1, text },
    });
  return { client, server: initialize.capabilities, refreshes: () => refreshes };
}

describe('language server: answers adapted to what the client declares', () => {
  let plain: Awaited<ReturnType<typeof started>>;
  let editor: Awaited<ReturnType<typeof started>>;
  before(async () => {
    [plain, editor] = await Promise.all([started(PLAIN_CLIENT), started(EDITOR_CAPABILITIES)]);
  });
  after(async () => {
    await Promise.all([plain.client.stop(), editor.client.stop()]);
  });

  it('completes with plain insert text, no snippet syntax, for a client without snippets', async () => {
    const complete = async (c: LspTestClient): Promise<CompletionItem[]> =>
      (await c.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: typingUri },
        position: typing.markers[0] ?? { line: 0, character: 0 },
      })) as CompletionItem[];
    const shape = (i: CompletionItem): unknown[] => [i.label, i.insertText, i.insertTextFormat];
    assert.deepEqual((await complete(plain.client)).map(shape), [['restart', 'restart: ', InsertTextFormat.PlainText]]);
    assert.deepEqual((await complete(editor.client)).map(shape), [['restart', 'restart: $0', InsertTextFormat.Snippet]]);
    const documentation = (await complete(plain.client))[0]?.documentation as MarkupContent | undefined;
    assert.equal(documentation?.kind, MarkupKind.PlainText);
    assert.match(documentation?.value ?? '', /^Restart policy/);
  });

  it('hovers in plain text for a client that reads no markdown', async () => {
    const hover = async (c: LspTestClient, i: number): Promise<MarkupContent> =>
      (await c.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(i) }))?.contents as MarkupContent;
    const key = await hover(plain.client, 1);
    assert.equal(key.kind, MarkupKind.PlainText);
    assert.match(key.value, /^image \(string\)/);
    // A reference's hover shows the definition in a code block: the fence goes, the lines stay.
    const reference = await hover(plain.client, 0);
    assert.deepEqual(reference.value.split('\n').slice(0, 4), ['service db — line 5', '', 'db:', '  image: postgres']);
    assert.equal((await hover(editor.client, 1)).kind, MarkupKind.Markdown);
  });

  it('gives a flat outline (each entry names its section) to a client without hierarchical symbols', async () => {
    const symbols = (await plain.client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as SymbolInformation[];
    assert.deepEqual(
      symbols.map((s) => [s.name, s.containerName, s.location.uri, s.location.range.start.line]),
      [
        ['services', undefined, uri, 0],
        ['web', 'services', uri, 1],
        ['db', 'services', uri, 4],
      ],
    );
  });

  it('advertises quick fixes only to a client that reads code action literals', () => {
    assert.equal(plain.server.codeActionProvider, undefined);
    assert.ok(editor.server.codeActionProvider);
  });

  it('asks only a client with refresh support to refresh its lenses when the settings change', async () => {
    const settings = { settings: { stevedore: { stackFiles: ['**/plain/*.yaml'] } } };
    for (const { client } of [plain, editor]) {
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, settings);
      // The server answers in order: once this hover is answered, a refresh sent before it has arrived.
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(1) });
    }
    assert.deepEqual([plain.refreshes(), editor.refreshes()], [0, 1]);
  });
});

describe('language server: cancellation', () => {
  let client: LspTestClient;
  const big = 'file:///w/cancel/compose.yaml';
  // Enough services that checking the file keeps the server busy while the request and its cancel arrive.
  const services = Array.from({ length: 1000 }, (_, i) => `  s${i}:\n    image: busybox\n    depends_on: [db]\n`).join('');
  const text = `services:\n  db:\n    image: postgres\n${services}`;
  const references = (token?: CancellationTokenSource): Promise<unknown> =>
    client.connection.sendRequest(
      ReferencesRequest.type,
      { textDocument: { uri: big }, position: { line: 1, character: 3 }, context: { includeDeclaration: true } },
      token?.token,
    );

  before(async () => {
    client = (await LspTestClient.start('ipc')).client;
  });
  after(async () => {
    await client.stop();
  });

  it('answers a cancelled reference search with RequestCancelled, and an uncancelled one in full', async () => {
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: big, languageId: 'dockercompose', version: 1, text },
    });
    const source = new CancellationTokenSource();
    const started = Date.now();
    const cancelled = references(source);
    source.cancel();
    await assert.rejects(cancelled, (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, LSPErrorCodes.RequestCancelled);
      return true;
    });
    assert.ok(Date.now() - started < 10_000, 'the cancelled request is answered promptly');
    assert.equal(((await references()) as unknown[]).length, 1001);
  });
});
