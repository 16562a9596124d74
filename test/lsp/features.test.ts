import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  InsertTextFormat,
  RenameRequest,
  type CodeAction,
  type CompletionItem,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../support/fixture';
import { repoRoot } from '../support/paths';
import { LspTestClient } from '../support/lspClient';

describe('language server: completion, hover, document symbols', () => {
  let client: LspTestClient;
  let capabilities: Record<string, unknown> = {};
  const uri = 'file:///w/features/compose.yaml';
  const source = fixture('services:\n  web:\n    image: nginx\n    rest$0\n  db:\n    ima$0ge: postgres\n');

  before(async () => {
    const started = await LspTestClient.start('ipc');
    client = started.client;
    capabilities = started.initialize.capabilities as Record<string, unknown>;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockercompose', version: 1, text: source.text },
    });
  });
  after(async () => {
    await client.stop();
  });

  it('advertises what it answers', () => {
    assert.ok(capabilities['completionProvider']);
    assert.equal(capabilities['hoverProvider'], true);
    assert.equal(capabilities['documentSymbolProvider'], true);
  });

  it('completes a half-typed key with a snippet', async () => {
    const position = source.markers[0] ?? { line: 0, character: 0 };
    const result = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position,
    })) as CompletionItem[];
    assert.deepEqual(
      result.map((i) => [i.label, i.insertText, i.insertTextFormat]),
      [['restart', 'restart: $0', InsertTextFormat.Snippet]],
    );
  });

  it('shows the schema description on hover', async () => {
    const position = source.markers[1] ?? { line: 0, character: 0 };
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    assert.match((hover?.contents as MarkupContent).value, /^\*\*image\*\* \(string\)/);
  });

  it('says on hover what a suppression comment suppresses', async () => {
    const ignored = 'file:///w/features/ignored/compose.yaml';
    const text = fixture('services:\n  web:\n    privileged: true # stevedore-$0ignore: compose/privileged\n');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: ignored, languageId: 'dockercompose', version: 1, text: text.text },
    });
    const position = text.markers[0] ?? { line: 0, character: 0 };
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: ignored }, position });
    assert.match(
      (hover?.contents as MarkupContent).value,
      /^Suppresses on line 3:\n- `compose\/privileged`: A privileged service/,
    );
    assert.deepEqual(hover?.range, { start: { line: 2, character: 21 }, end: { line: 2, character: 59 } });
  });

  it('proposes code lenses whose commands the extension declares', async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    const declared = new Set(
      (
        JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } }
      ).contributes.commands.map((c) => c.command),
    );
    assert.deepEqual(
      (lenses ?? []).map((l) => `${l.range.start.line} ${l.command?.title ?? ''}`),
      [
        '0 $(rocket) Deploy project features',
        '1 Deploy',
        '1 Scale',
        '1 Shell',
        '1 Logs',
        '4 Deploy',
        '4 Scale',
        '4 Shell',
        '4 Logs',
      ],
    );
    for (const lens of lenses ?? [])
      assert.ok(declared.has(lens.command?.command ?? ''), `${lens.command?.command ?? ''} is declared in package.json`);
  });

  it('gives an outline', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children?.map((c) => c.name)]),
      [['services', ['web', 'db']]],
    );
  });

  it('goes to a definition and renames across the file', async () => {
    const navUri = 'file:///w/features/docker-compose.yml';
    const nav = fixture('services:\n  web:\n    depends_on: [d$0b]\n  db:\n    image: x\n');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: navUri, languageId: 'dockercompose', version: 1, text: nav.text },
    });
    const position = nav.markers[0] ?? { line: 0, character: 0 };
    const definitions = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: navUri },
      position,
    })) as Location[];
    assert.deepEqual(definitions[0]?.range.start, { line: 3, character: 2 });
    const rename = await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: navUri },
      position,
      newName: 'database',
    });
    assert.equal(rename?.changes?.[navUri]?.length, 2);
  });

  it('offers the quick fixes its diagnostics carry', async () => {
    const fixUri = 'file:///w/features/fix/compose.yaml';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: fixUri, languageId: 'dockercompose', version: 1, text: 'services:\n  web:\n    imagee: nginx\n' },
    });
    const published = await client.diagnostics(fixUri);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: fixUri },
      range: published.diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: published.diagnostics },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit?.changes?.[fixUri]?.[0]?.newText]),
      [["Change to 'image'", 'image']],
    );
  });

  it('offers the allowed values for a value outside an enumeration (restart: alway), closest first', async () => {
    const fixUri = 'file:///w/features/enum/compose.yaml';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri: fixUri,
        languageId: 'dockercompose',
        version: 1,
        text: 'services:\n  web:\n    image: nginx:1.27\n    restart: alway\n',
      },
    });
    const published = await client.diagnostics(fixUri);
    const finding = published.diagnostics.find((d) => d.code === 'compose/invalid-value');
    assert.ok(finding, JSON.stringify(published.diagnostics));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: fixUri },
      range: finding.range,
      context: { diagnostics: [finding] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit?.changes?.[fixUri]?.[0]?.newText]),
      [
        ["Change to 'always'", 'always'],
        ["Change to 'no'", '"no"'],
        ["Change to 'on-failure'", 'on-failure'],
        ["Change to 'unless-stopped'", 'unless-stopped'],
      ],
    );
  });

  it('answers for a document it does not know with nothing, not an error', async () => {
    const none = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: 'file:///nowhere.yaml' },
      position: { line: 0, character: 0 },
    });
    assert.equal(none, null);
  });
});
