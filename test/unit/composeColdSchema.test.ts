import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, parseDocument } from 'yaml';
import { createSourceFile, validate, WorkspaceSession, type Diagnostic } from '../../server/src/service';
import { corpusFiles } from '../support/corpus';
import { benchWorkloads, readCorpus } from '../support/incrementalFuzz';
import { memoryHost } from '../support/memoryHost';

// A held Compose or stack file's first check validates the whole file once and splits the schema's errors by
// service; later checks validate each changed service alone. Both must say what a whole-file check says.

const sorted = (list: readonly Diagnostic[]): string[] => list.map((d) => JSON.stringify(d)).sort();

/** The same file with one service only, `primer`: checked first, it leaves the schema's findings of one service kept. */
function primerOf(text: string): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents) || !isMap(doc.get('services'))) return undefined;
  doc.set('services', doc.createNode({ primer: { image: 'primer:1' } }));
  return doc.toString();
}

/** The diagnostics of `text` as a session's first check gives them (the whole file validated once), and what was split. */
async function firstCheck(uri: string, text: string): Promise<{ found: Diagnostic[]; atOnce: number; computed: number }> {
  const session = new WorkspaceSession({ host: memoryHost({}) });
  const file = session.open(uri, 1, text);
  const found = (await session.diagnostics(uri)) ?? [];
  const findings = session.findingsOf(file);
  return { found, atOnce: findings?.atOnce ?? 0, computed: findings?.computed ?? 0 };
}

/** The diagnostics of `text` checked after its primer: every service validated alone. */
async function perService(uri: string, text: string, primer: string): Promise<{ found: Diagnostic[]; atOnce: number }> {
  const session = new WorkspaceSession({ host: memoryHost({}) });
  session.open(uri, 1, primer);
  await session.diagnostics(uri);
  const file = session.open(uri, 2, text);
  const found = (await session.diagnostics(uri)) ?? [];
  return { found, atOnce: session.findingsOf(file)?.atOnce ?? 0 };
}

const WITH_ERRORS = `name: demo
unknown-top: 1
services:
  web:
    image: nginx:1.27
    imagee: typo
    restart: sometimes
    ports:
      - target: eighty
      - "99999:80"
    build: 3
    depends_on: 5
  db:
    image: postgres:16
    environment: [1, 2]
    deploy:
      replicas: many
      resources: { limits: { cpus: [1] } }
  ok:
    image: busybox:1.36
    command: ["sleep", "1"]
`;

async function assertSame(uri: string, text: string): Promise<number> {
  const whole = createSourceFile(uri, 1, text);
  const expected = sorted(validate(whole, new WorkspaceSession({ host: memoryHost({}) }).context(uri)));
  const first = await firstCheck(uri, text);
  assert.deepEqual(sorted(first.found), expected, `${uri}: the first check against a whole-file check`);
  const primer = primerOf(text);
  if (primer === undefined) return 0;
  const alone = await perService(uri, text, primer);
  assert.equal(alone.atOnce, 0, `${uri}: after the primer, each service is validated alone`);
  assert.deepEqual(sorted(alone.found), expected, `${uri}: per-service validation against a whole-file check`);
  return first.atOnce;
}

describe('the first check of a Compose file validates it whole', () => {
  it('gives what per-service validation and a whole-file check give, on the corpus Compose and stack files', async () => {
    let split = 0;
    const files = [...corpusFiles('compose'), ...corpusFiles('stack')];
    for (const [i, path] of files.entries()) {
      const name = path.includes('/stack/') ? `stack${i}.yml` : `compose${i}.yaml`;
      split += await assertSame(`file:///w/${name}`, readCorpus(path));
    }
    assert.ok(split > files.length / 2, `${split} of ${files.length} files split the whole file's errors`);
  });

  it('gives the same on schema errors in several services, at the top level, and on the bench workloads', async () => {
    const { composeWorkload } = await benchWorkloads();
    for (const [name, text] of [
      ['errors.yaml', WITH_ERRORS],
      ['errors-stack.yml', `version: "3.8"\n${WITH_ERRORS.replace('name: demo\n', '')}`],
      ['bench100.yaml', composeWorkload(100).text],
      ['bench300.yaml', composeWorkload(300).text],
    ] as const)
      assert.equal(await assertSame(`file:///w/${name}`, text), 1, `${name}: the schema's errors were split`);
    // The split has errors to split: several in each of two services, and one at the top level.
    const found = (await firstCheck('file:///w/errors.yaml', WITH_ERRORS)).found;
    const schema = found.filter((d) => /^compose\/(unknown-key|invalid-type|invalid-value)$/.test(d.code));
    for (const service of ['web', 'db'])
      assert.ok(schema.filter((d) => d.message.includes(`services.${service}.`)).length >= 3, `schema findings in ${service}`);
    assert.ok(schema.some((d) => d.message.includes('the top level')));
  });

  it('falls back to each service alone when an error lies on /services (a name the schema refuses)', async () => {
    const text = `services:\n  "bad name!":\n    image: nginx:1.27\n  web:\n    image: nginx:1.27\n    restart: sometimes\n`;
    const first = await firstCheck('file:///w/compose.yaml', text);
    assert.equal(first.atOnce, 0);
    assert.equal(await assertSame('file:///w/compose.yaml', text), 0);
    assert.ok(first.found.some((d) => d.message.includes('bad name!')));
  });

  it('keeps the split findings, so that the next edit validates only the service it changed', async () => {
    const { composeWorkload } = await benchWorkloads();
    const uri = 'file:///w/compose.yaml';
    const text = composeWorkload(100).text;
    const session = new WorkspaceSession({ host: memoryHost({}) });
    const file = session.open(uri, 1, text);
    await session.diagnostics(uri);
    const findings = session.findingsOf(file);
    assert.equal(findings?.atOnce, 1);
    const edited = text.replace('ROLE: worker7\n', 'ROLE: worker8\n');
    assert.notEqual(edited, text);
    const next = session.open(uri, 2, edited);
    const actual = (await session.diagnostics(uri)) ?? [];
    assert.deepEqual(sorted(actual), sorted(validate(createSourceFile(uri, 2, edited, next.kind), session.context(uri))));
    // Two per-service rules (the schema and the practices) over 100 services: only svc7's are computed again.
    assert.equal(findings?.atOnce, 0);
    assert.equal(findings?.computed, 2);
    assert.equal(findings?.reused, 2 * 99);
  });
});
