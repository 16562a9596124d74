import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, validate, WorkspaceSession } from '../../server/src/service';
import { duplicatePortMessage } from '../../server/src/service/rules/compose/ports';
import { cycleMessage } from '../../server/src/service/rules/compose/dependsOn';
import { unusedMessage } from '../../server/src/service/rules/compose/unused';
import { corpusFiles } from '../support/corpus';
import { memoryHost } from '../support/memoryHost';
import {
  assertIncrementalEqualsFull,
  benchWorkloads,
  deleteLine,
  insertBelowEntry,
  readCorpus,
  renameEntry,
  replaceItem,
  replaceValue,
  FUZZ_ROUNDS,
} from '../support/incrementalFuzz';

// The project-wide Compose rules (references, depends_on, ports, container names, unused) read each service's
// summary, kept by its value while the service is unchanged. After every edit they must say what a whole check says.

/** Edits to what services refer to and publish: names, networks, volumes, ports, dependencies (cycles among them). */
const referenceEdits = [
  // Mostly new names; a taken one repeats a key, and the model keeps no parts (nor the index its summaries) until it is
  // unique again.
  renameEntry(['renamed', 'web', 'db', 'cache', 'worker', 'edge', 'svc7', 'front']),
  replaceItem([
    '"127.0.0.1:20001:80"',
    '"127.0.0.1:20002:80"',
    '"8080:80"',
    '"8080-8081:80-81"',
    '"99999:80"',
    '"${PORT}:80"',
    '"${PORT:-8080}:80"',
    '{target: 80, published: 8080}',
    'svc0',
    'svc5',
    'svc19',
    'front',
    'back',
    'gone',
    '"data:/d"',
  ]),
  insertBelowEntry([
    '    depends_on: [svc9]',
    '    depends_on: {svc4: {condition: service_healthy}}',
    '    healthcheck: {test: [CMD, "true"]}',
    '    healthcheck: {disable: true}',
    '    networks: [front]',
    '    networks: {back: {}}',
    '    volumes: ["data:/var/lib/data", "./here:/there"]',
    '    ports: ["127.0.0.1:20003:80", "8080:80"]',
    '    ports: ["${PORT}:80"]',
    '    container_name: one',
    '    deploy: {replicas: 2}',
    '    scale: 3',
    '    secrets: [token, other]',
    '    links: [svc1, "svc2:alias"]',
    '    extends: svc4',
    '    network_mode: service:svc9',
    '    volumes_from: [svc8]',
    '    driver: bridge',
  ]),
  replaceValue(['nginx', '"8080:80"', 'svc3', 'service:svc2', 'true', '2', '[front]', 'null', '${PORT}']),
  deleteLine,
];

/** Top-level networks, volumes and secrets for the services to refer to, some unused. */
const sections = [
  'networks:',
  '  front:',
  '    driver: bridge',
  '  back:',
  '    driver: bridge',
  '  spare:',
  '    driver: bridge',
  'volumes:',
  '  data:',
  '    driver: local',
  'secrets:',
  '  token:',
  '    file: ./token.txt',
  '',
].join('\n');

describe('the project-wide Compose rules on the index of services', () => {
  it('give what a whole check gives after renames, new and removed networks and volumes, ports and cycles', async () => {
    const { composeWorkload } = await benchWorkloads();
    const text = `${sections}${composeWorkload(20).text}`;
    const reuse = { services: 0, summaries: 0 };
    const files = { 'file:///w/.env': 'PORT=9000\n' };
    for (let seed = 1; seed <= 12 * FUZZ_ROUNDS; seed++)
      await assertIncrementalEqualsFull('file:///w/compose.yaml', text, referenceEdits, {
        seed: 900 + seed,
        steps: 25,
        files,
        reuse,
      });
    // Most checks read one service again and take the others' summaries as they were (not after a rename to a taken
    // name, until the name is unique again): more than a third of the 20 services' summaries in 24 checks.
    assert.ok(reuse.summaries > (12 * FUZZ_ROUNDS * 24 * 20) / 3, `${reuse.summaries} summaries reused`);
  });

  it('give what a whole check gives on the corpus Compose and stack files under the same edits', async () => {
    const files = [...corpusFiles('compose'), ...corpusFiles('stack')];
    for (const [i, path] of Array.from({ length: FUZZ_ROUNDS }, () => files)
      .flat()
      .entries()) {
      const name = path.includes('/stack/') ? `stack${i}.yml` : `compose${i}.yaml`;
      await assertIncrementalEqualsFull(`file:///w/${name}`, readCorpus(path), referenceEdits, { seed: 1300 + i, steps: 8 });
    }
  });

  it("read again only the summary of the service an edit changed, and find what the edit did to the project's rules", async () => {
    const { composeWorkload } = await benchWorkloads();
    const text = `${sections}${composeWorkload(20).text}`;
    const uri = 'file:///w/compose.yaml';
    const session = new WorkspaceSession({ host: memoryHost({}) });
    let version = 0;
    /** The messages of a check of `next`, after asserting they are a whole check's, and the summaries it read. */
    const check = async (next: string): Promise<{ messages: string[]; read?: number; reused?: number }> => {
      const file = session.open(uri, ++version, next);
      const found = (await session.diagnostics(uri)) ?? [];
      assert.deepEqual(found, validate(createSourceFile(uri, version, next, file.kind), session.context(uri)));
      const summaries = session.findingsOf(file)?.summaries;
      return { messages: found.map((d) => d.message), read: summaries?.read, reused: summaries?.reused };
    };
    const first = await check(text);
    assert.deepEqual([first.read, first.reused], [20, 0]);
    assert.ok(first.messages.includes(unusedMessage('network', 'spare')));

    // svc7 publishes svc3's host port: its summary alone is read again, and the clash is found.
    let current = text.replace('"127.0.0.1:20007:80"', '"127.0.0.1:20003:80"');
    const clash = await check(current);
    assert.deepEqual([clash.read, clash.reused], [1, 19]);
    assert.ok(clash.messages.includes(duplicatePortMessage(20003, 'tcp', "service 'svc3'")));

    // svc2 depends on svc9, which depends on svc2 down the chain: a cycle, found from one summary read again.
    current = current.replace('      - svc1\n', '      - svc9\n');
    const cycle = await check(current);
    assert.deepEqual([cycle.read, cycle.reused], [1, 19]);
    const loop = ['svc2', 'svc9', 'svc8', 'svc7', 'svc6', 'svc5', 'svc4', 'svc3', 'svc2'];
    assert.ok(cycle.messages.includes(cycleMessage(loop)), cycle.messages.join('\n'));

    // svc4 joins the spare network: it is no longer unused.
    current = current.replace('  svc4:\n', '  svc4:\n    networks: [spare]\n');
    const joined = await check(current);
    assert.deepEqual([joined.read, joined.reused], [1, 19]);
    assert.ok(!joined.messages.includes(unusedMessage('network', 'spare')));
  });

  it('compute again the practices of a service whose image is pinned elsewhere when that tag changes, and only those', async () => {
    const others = Array.from({ length: 10 }, (_, i) => `  app${i}:\n    image: team/app${i}:1.${i}\n    restart: always\n`);
    const text = `services:\n  web:\n    image: nginx\n    restart: always\n  pinned:\n    image: nginx:1.25\n    restart: always\n${others.join('')}`;
    const uri = 'file:///w/compose.yaml';
    const session = new WorkspaceSession({ host: memoryHost({}) });
    const check = async (version: number, next: string): Promise<{ pins: string[]; computed?: number }> => {
      const file = session.open(uri, version, next);
      const found = (await session.diagnostics(uri)) ?? [];
      assert.deepEqual(found, validate(createSourceFile(uri, version, next, file.kind), session.context(uri)));
      const pins = found.flatMap((d) => (d.fixes ?? []).filter((f) => f.kind === 'pin-tag').map((f) => f.title));
      return { pins, computed: session.findingsOf(file)?.computed };
    };
    assert.deepEqual((await check(1, text)).pins, ['Pin to nginx:1.25']);
    // The schema's and the practices' findings of `pinned` itself, and the practices' of `web`, which offers its tag.
    const retagged = await check(2, text.replace('nginx:1.25', 'nginx:1.26'));
    assert.deepEqual(retagged, { pins: ['Pin to nginx:1.26'], computed: 3 });
    // Another repository's tag: only that service's findings.
    const other = await check(3, text.replace('nginx:1.25', 'nginx:1.26').replace('team/app4:1.4', 'team/app4:2.0'));
    assert.deepEqual(other, { pins: ['Pin to nginx:1.26'], computed: 2 });
  });
});
