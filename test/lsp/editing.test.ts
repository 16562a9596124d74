import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  CompletionItemKind,
  CompletionRequest,
  DidOpenTextDocumentNotification,
  DefinitionRequest,
  DocumentFormattingRequest,
  HoverRequest,
  RenameRequest,
  type CodeAction,
  type CompletionItem,
  type Location,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { IMAGES_CAPABILITY, IMAGES_REQUEST, type ImagesParams, type ImagesResult } from '../../server/src/service/protocol';
import { fixture } from '../support/fixture';
import { EDITOR_CAPABILITIES, LspTestClient } from '../support/lspClient';

const open = async (client: LspTestClient, uri: string, text: string, languageId = 'dockercompose'): Promise<void> =>
  client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId, version: 1, text },
  });

const complete = async (client: LspTestClient, uri: string, source: string): Promise<CompletionItem[]> => {
  const { text, markers } = fixture(source);
  await open(client, uri, text);
  return (await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: markers[0] ?? { line: 0, character: 0 },
  })) as CompletionItem[];
};

const engineImages: ImagesResult = {
  images: [
    { repository: 'nginx', tags: ['1.27', 'latest'] },
    { repository: 'node', tags: ['22-alpine'] },
    { repository: 'localhost:5000/team/app', tags: ['dev'] },
  ],
};

describe('language server: image names from the client', () => {
  let client: LspTestClient;
  const asked: ImagesParams[] = [];

  before(async () => {
    client = (
      await LspTestClient.start('ipc', { capabilities: { ...EDITOR_CAPABILITIES, experimental: { [IMAGES_CAPABILITY]: true } } })
    ).client;
    client.connection.onRequest(IMAGES_REQUEST, (params: ImagesParams): ImagesResult => {
      asked.push(params);
      return engineImages;
    });
  });
  after(async () => {
    await client.stop();
  });

  it('completes names from the images the client lists', async () => {
    const uri = 'file:///w/img/compose.yaml';
    const items = await complete(client, uri, 'services:\n  web:\n    image: n$0\n');
    assert.deepEqual(
      items.map((i) => [i.label, i.kind, i.detail]),
      [
        ['nginx', CompletionItemKind.Module, '1.27, latest'],
        ['node', CompletionItemKind.Module, '22-alpine'],
      ],
    );
    assert.deepEqual(asked.at(-1), { uri });
  });

  it('completes tags after the colon, and a registry port is not a tag', async () => {
    const tags = await complete(client, 'file:///w/img2/compose.yaml', 'services:\n  web:\n    image: nginx:$0\n');
    assert.deepEqual(
      tags.map((i) => [i.label, (i.textEdit as TextEdit | undefined)?.range.start.character]),
      [
        ['1.27', 17],
        ['latest', 17],
      ],
    );
    const names = await complete(client, 'file:///w/img3/compose.yaml', 'services:\n  web:\n    image: localhost:5$0\n');
    assert.deepEqual(
      names.map((i) => i.label),
      ['localhost:5000/team/app'],
    );
  });

  it('completes a container image in a manifest', async () => {
    const items = await complete(
      client,
      'file:///w/img/deploy.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: node:$0\n',
    );
    assert.deepEqual(
      items.map((i) => i.label),
      ['22-alpine'],
    );
  });
});

describe('language server: image names without a client that answers', () => {
  it('asks nothing of a client that did not say it answers, and offers nothing', async () => {
    const { client } = await LspTestClient.start('ipc');
    let asked = 0;
    client.connection.onRequest(IMAGES_REQUEST, () => {
      asked++;
      return engineImages;
    });
    try {
      const items = await complete(client, 'file:///w/none/compose.yaml', 'services:\n  web:\n    image: n$0\n');
      assert.deepEqual(items, []);
      assert.equal(asked, 0);
    } finally {
      await client.stop();
    }
  });

  it('gives up on a client that never answers, without an error', async () => {
    const { client } = await LspTestClient.start('ipc', {
      capabilities: { ...EDITOR_CAPABILITIES, experimental: { [IMAGES_CAPABILITY]: true } },
    });
    let asked = 0;
    client.connection.onRequest(IMAGES_REQUEST, () => {
      asked++;
      return new Promise<ImagesResult>(() => undefined);
    });
    try {
      const items = await complete(client, 'file:///w/silent/compose.yaml', 'services:\n  web:\n    image: n$0\n');
      assert.deepEqual(items, []);
      assert.equal(asked, 1);
      // The server is still answering other requests.
      const keys = await complete(client, 'file:///w/silent/compose.yaml', 'services:\n  web:\n    rest$0\n');
      assert.deepEqual(
        keys.map((i) => i.label),
        ['restart'],
      );
    } finally {
      await client.stop();
    }
  });

  it('offers nothing when the client has no engine (an empty answer)', async () => {
    const { client } = await LspTestClient.start('ipc', {
      capabilities: { ...EDITOR_CAPABILITIES, experimental: { [IMAGES_CAPABILITY]: true } },
    });
    client.connection.onRequest(IMAGES_REQUEST, (): ImagesResult => ({ images: [] }));
    try {
      assert.deepEqual(await complete(client, 'file:///w/empty/compose.yaml', 'services:\n  web:\n    image: $0\n'), []);
    } finally {
      await client.stop();
    }
  });
});

describe('language server: formatting, file paths, quick fixes', () => {
  let client: LspTestClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stevedore-lsp-'));
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'app.env'), 'A=1\n');
    writeFileSync(join(dir, 'base.env'), 'B=1\n');
    mkdirSync(join(dir, 'db'));
    writeFileSync(join(dir, 'db', 'compose.yaml'), 'services:\n  db:\n    image: postgres\n');
    client = (await LspTestClient.start('stdio')).client;
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('formats a document, keeping CRLF, and refuses one with syntax errors, saying why in the log', async () => {
    const uri = pathToFileURL(join(dir, 'compose.yaml')).href;
    await open(client, uri, 'services:\r\n    web:\r\n       image: nginx # kept\r\n       ports:\r\n       - "80:80"\r\n');
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(
      (edits ?? []).map((e) => [e.range.start.line, e.newText]),
      [
        [1, '  '],
        [2, '    '],
        [3, '    '],
        [4, '      '],
      ],
    );
    const broken = pathToFileURL(join(dir, 'broken', 'compose.yaml')).href;
    await open(client, broken, 'services:\n  web: {image: x\n');
    const none = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: broken },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(none, []);
    assert.ok(
      client.logs.some((l) => l.includes(`not formatting ${broken}: the file has syntax errors`)),
      client.logs.join('\n'),
    );
  });

  it('completes env_file paths from the disk, folders first', async () => {
    // Open in the editor only: the listing shows what is on the disk.
    const uri = pathToFileURL(join(dir, 'docker-compose.yml')).href;
    const items = await complete(client, uri, 'services:\n  web:\n    image: x\n    env_file: $0\n');
    assert.deepEqual(
      items.map((i) => [i.label, i.kind]),
      [
        ['conf/', CompletionItemKind.Folder],
        ['db/', CompletionItemKind.Folder],
        ['base.env', CompletionItemKind.File],
      ],
    );
    assert.equal(items[0]?.command?.command, 'editor.action.triggerSuggest');
    const inside = await complete(client, uri, 'services:\n  web:\n    image: x\n    env_file: ./conf/$0\n');
    assert.deepEqual(
      inside.map((i) => i.label),
      ['app.env'],
    );
  });

  it('offers to quote a value YAML 1.1 would read as a boolean', async () => {
    const uri = 'file:///w/quote/configmap.yaml';
    await open(client, uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  enabled: yes\n', 'yaml');
    const published = await client.diagnostics(uri);
    const retyped = published.diagnostics.filter((d) => d.code === 'yaml/retyped-value');
    assert.equal(retyped.length, 1);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: retyped[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: retyped },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit?.changes?.[uri]?.[0]?.newText]),
      [['Quote the value', '"yes"']],
    );
  });

  it('navigates to a service of an included file, shows it on hover, and renames it in both files', async () => {
    const uri = pathToFileURL(join(dir, 'docker-compose.yaml')).href;
    const main = fixture('include: [db/compose.yaml]\nservices:\n  web:\n    image: x\n    depends_on: [d$0b]\n');
    await open(client, uri, main.text);
    const position = main.markers[0] ?? { line: 0, character: 0 };
    const dbUri = pathToFileURL(join(dir, 'db', 'compose.yaml')).href;
    const definitions = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position,
    })) as Location[];
    assert.deepEqual(
      definitions.map((d) => [d.uri, d.range.start.line]),
      [[dbUri, 1]],
    );
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    assert.match(
      (hover?.contents as MarkupContent).value,
      /^\*\*service `db`\*\* — `db\/compose.yaml`, line 2\n\n```yaml\ndb:\n {2}image: postgres\n```$/,
    );
    const rename = await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri },
      position,
      newName: 'postgres',
    });
    assert.deepEqual(Object.keys(rename?.changes ?? {}).sort(), [uri, dbUri].sort());
  });

  it('completes a Service selector from an open workload, and says since when a field exists', async () => {
    await open(
      client,
      'file:///w/sel/deploy.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, tier: front}}\n    spec: {containers: [{name: a, image: x}]}\n',
      'yaml',
    );
    const source = fixture('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector:\n    tier: $0\n');
    const uri = 'file:///w/sel/service.yaml';
    await open(client, uri, source.text, 'yaml');
    const items = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: source.markers[0] ?? { line: 0, character: 0 },
    })) as CompletionItem[];
    assert.deepEqual(
      items.map((i) => [i.label, i.detail]),
      [['front', 'Deployment/web']],
    );
    const pod = fixture('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostnameOver$0ride: x\n');
    await open(client, 'file:///w/sel/pod.yaml', pod.text, 'yaml');
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: 'file:///w/sel/pod.yaml' },
      position: pod.markers[0] ?? { line: 0, character: 0 },
    });
    assert.match((hover?.contents as MarkupContent).value, /since Kubernetes 1\.34/);
  });
});
