import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../support/lspClient';
import { repoRoot } from '../support/paths';

/** A small deterministic generator (mulberry32), so a failing mutation can be replayed from its index. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '\t',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '${',
  '${X:-',
  '$$',
  '*a',
  '&a',
  ': ',
  '- ',
  '---\n',
  '\n',
  '  ',
  '!reset ',
  '<<: *a\n',
  '\u0000',
  '\ud800',
  '\ufffd',
  '#',
  '|',
  '>',
  '?',
];

function mutate(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const op = Math.floor(next() * 5);
    if (op === 0) out = out.slice(0, at) + out.slice(at + Math.floor(next() * 40));
    else if (op === 1) out = out.slice(0, at) + (FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? '') + out.slice(at);
    else if (op === 2) out = out.slice(0, at);
    else if (op === 3) {
      const lines = out.split('\n');
      const i = Math.floor(next() * lines.length);
      lines.splice(i, 0, lines[Math.floor(next() * lines.length)] ?? '');
      out = lines.join('\n');
    } else out = out.slice(0, at) + ' '.repeat(Math.floor(next() * 9)) + out.slice(at);
  }
  return out;
}

const seeds = [
  ['compose.yaml', readFileSync(join(repoRoot, 'examples', 'nextcloud', 'compose.yaml'), 'utf8')],
  ['docker-stack.yml', readFileSync(join(repoRoot, 'examples', 'wordpress', 'docker-stack.yml'), 'utf8')],
  [
    'deploy.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 80}]}\n',
  ],
] as const;

const MUTATIONS = 1500;

/** Peak resident memory of a process, from Linux's /proc (VmHWM). */
function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** A diagnostic the editor can show: a code, a message, a range inside the text. */
function assertWellFormed(diagnostic: Diagnostic, text: string, where: string): void {
  const lines = text.split('\n');
  const { start, end } = diagnostic.range;
  const shown = `${where}: ${JSON.stringify(diagnostic)}`;
  assert.ok(typeof diagnostic.code === 'string' && diagnostic.code.length > 0, `${shown}: a code`);
  assert.ok(diagnostic.message.length > 0, `${shown}: a message`);
  assert.ok(start.line >= 0 && start.line < lines.length, `${shown}: start line of ${lines.length}`);
  assert.ok(end.line >= start.line && end.line < lines.length, `${shown}: end line`);
  assert.ok(start.character >= 0 && start.character <= (lines[start.line]?.length ?? 0), `${shown}: start column`);
  assert.ok(end.character >= 0 && end.character <= (lines[end.line]?.length ?? 0), `${shown}: end column`);
}

// Timings are not judged here (they belong in bench/): each round trip has a timeout that fails a hang, and every
// answer is checked for what it says.
describe('language server robustness', () => {
  let client: LspTestClient;
  let opened = 0;

  before(async () => {
    client = (await LspTestClient.start('stdio')).client;
  });
  after(async () => {
    if (client.process.exitCode === null) await client.stop();
  });

  /** Opens `text` as a new document, waits for its diagnostics (each checked well-formed), then closes it. */
  async function roundTrip(name: string, text: string, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const uri = `file:///fuzz/${opened++}/${name}`;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockercompose', version: 1, text },
    });
    const published = await client.diagnostics(uri, (p) => p.version === 1, timeoutMs);
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    published.diagnostics.forEach((d, i) => assertWellFormed(d, text, `${name} #${opened - 1} diagnostic ${i}`));
    return published.diagnostics;
  }

  it(`answers ${MUTATIONS} randomly mutated documents without crashing or hanging`, async () => {
    const next = random(20261126);
    let flagged = 0;
    for (let i = 0; i < MUTATIONS; i++) {
      const [name, text] = seeds[i % seeds.length] ?? seeds[0];
      if ((await roundTrip(name, mutate(text, next))).length > 0) flagged++;
      assert.equal(client.process.exitCode, null, `server alive after mutation ${i}`);
    }
    // Mutations of valid files: most break something, and the server says so rather than staying silent.
    assert.ok(flagged > MUTATIONS / 2, `${flagged} of ${MUTATIONS} mutated documents got diagnostics`);
  });

  it('bounds an alias bomb ("billion laughs")', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const bomb = `${levels.join('\n')}\nservices:\n  web:\n    image: x\n    command: *i\n`;
    const diagnostics = await roundTrip('compose.yaml', bomb);
    assert.ok(
      diagnostics.some((d) => d.code === 'compose/too-large'),
      `the expansion is cut and said so: ${JSON.stringify(diagnostics.map((d) => d.code))}`,
    );
  });

  it('survives deep nesting and odd text', async () => {
    await roundTrip('compose.yaml', `services: ${'['.repeat(50_000)}`);
    await roundTrip('compose.yaml', `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`);
    await roundTrip('compose.yaml', '\ufeffservices:\n  web:\n    image: "\ud800\udfff\ud800"\n\u0000\n');
  });

  it('degrades a 10 MB file to syntax checks, in bounded time and memory', async () => {
    const service = (i: number): string =>
      `  service-${i}:\n    image: registry.example/team/app-${i}:1.0.${i}\n    environment: {A: "1", B: "2"}\n`;
    let text = 'services:\n';
    for (let i = 0; text.length < 10_000_000; i++) text += service(i);
    const diagnostics = await roundTrip('compose.yaml', text, 60_000);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['stevedore/large-file'],
      'a valid 10 MB file gets the YAML checks only, and a note that says so',
    );
    const peak = peakMemoryMb(client.process.pid ?? 0);
    assert.ok(peak < 1500, `peak memory ${peak.toFixed(0)} MB`);
  });

  it('still answers requests afterwards, then shuts down cleanly', async () => {
    const uri = 'file:///fuzz/after/compose.yaml';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockercompose', version: 1, text: 'services:\n  web:\n    image: nginx\n' },
    });
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as
      { name: string; children?: { name: string }[] }[] | null;
    assert.deepEqual(
      symbols?.map((s) => [s.name, s.children?.map((c) => c.name)]),
      [['services', ['web']]],
    );
    assert.equal(await client.stop(), 0);
  });
});
