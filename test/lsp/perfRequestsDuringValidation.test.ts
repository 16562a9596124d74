import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../support/lspClient';

/** A Compose file large enough that its rules take many event-loop turns; the last service has an unknown key. */
function composeFile(services: number): string {
  const lines = ['services:'];
  for (let i = 0; i < services; i++) {
    lines.push(`  svc${i}:`, `    image: registry.local/app${i}:1.${i}`, '    ports:', `      - "127.0.0.1:${20000 + i}:80"`);
    if (i > 0) lines.push('    depends_on:', `      - svc${i - 1}`);
  }
  lines.push('    imagee: typo');
  return `${lines.join('\n')}\n`;
}

/** Many manifests: each document is a step of its own. */
const manifests = (count: number): string =>
  Array.from(
    { length: count },
    (_, i) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\nspec:\n  selector:\n    matchLabels:\n      app: web-${i}\n` +
      `  template:\n    metadata:\n      labels:\n        app: web-${i}\n    spec:\n      containers:\n        - name: web\n` +
      `          image: nginx\n`,
  ).join('---\n');

const hoverText = (hover: Hover | null): string => (hover?.contents as MarkupContent | undefined)?.value ?? '';

/**
 * Keystrokes do not wait behind validation: requests sent right after a large file is opened are answered while its
 * validation is still running (it pauses between documents and between rules), so every answer arrives before the
 * file's diagnostics.
 */
describe('language server: requests are answered while a long validation runs', () => {
  let client: LspTestClient;
  before(async () => {
    client = (await LspTestClient.start('stdio')).client;
  });
  after(async () => {
    await client.stop();
  });

  async function order(uri: string, languageId: string, text: string, line: number, character: number) {
    const events: string[] = [];
    const answers: { hover?: Hover | null; items?: number; symbols?: number } = {};
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    const published = client
      .diagnostics(uri, (p) => p.version === 1, 60_000)
      .then((p) => {
        events.push('diagnostics');
        return p;
      });
    const position = { line, character };
    const requests = [
      client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }).then((h) => {
        answers.hover = h;
        events.push('hover');
      }),
      client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }).then((s) => {
        answers.symbols = s?.length ?? 0;
        events.push('symbols');
      }),
      client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }).then((c) => {
        answers.items = Array.isArray(c) ? c.length : (c?.items.length ?? 0);
        events.push('completion');
      }),
    ];
    const [diagnostics] = await Promise.all([published, ...requests]);
    return { events, answers, diagnostics };
  }

  it('answers hover, symbols and completion on a 1,500-service Compose file before its diagnostics', async () => {
    const uri = 'file:///w/busy/compose.yaml';
    const { events, answers, diagnostics } = await order(uri, 'dockercompose', composeFile(1500), 6 * 700, 5);
    assert.deepEqual(events.slice(-1), ['diagnostics'], `order: ${events.join(', ')}`);
    assert.match(hoverText(answers.hover ?? null), /image/);
    assert.equal(answers.symbols, 1);
    assert.ok((answers.items ?? 0) > 0);
    // The validation that was interleaved with the requests still ran to the end.
    assert.ok(diagnostics.diagnostics.some((d) => d.message.includes("'imagee'")));
  });

  it('answers them on a 500-document manifest file before its diagnostics', async () => {
    const uri = 'file:///w/busy/manifests.yaml';
    const { events, answers, diagnostics } = await order(uri, 'yaml', manifests(500), 17 * 250 + 15, 11);
    assert.deepEqual(events.slice(-1), ['diagnostics'], `order: ${events.join(', ')}`);
    assert.match(hoverText(answers.hover ?? null), /image/i);
    assert.equal(answers.symbols, 500);
    assert.deepEqual(diagnostics.diagnostics, []);
  });
});
