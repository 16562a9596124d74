import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitDocuments } from '../../server/src/service/incremental/chunks';
import { splitCompose } from '../../server/src/service/incremental/composeParse';
import { createSourceFile, validate, WorkspaceSession } from '../../server/src/service';
import { corpusFiles } from '../support/corpus';
import { memoryHost } from '../support/memoryHost';
import {
  assertIncrementalEqualsFull,
  benchWorkloads,
  deleteLine,
  deleteSpan,
  insertAt,
  insertLine,
  readCorpus,
  renameKey,
  replaceValue,
  typeAtLineEnd,
} from '../support/incrementalFuzz';

// The incremental paths must say exactly what a whole-file check says, edit after edit. Each case is seeded: a
// failure names its seed and the text, and replays. STEVEDORE_FUZZ_ROUNDS=10 runs ten times as many seeds.
const ROUNDS = Number(process.env['STEVEDORE_FUZZ_ROUNDS'] ?? 1);
const manifestEdits = [
  typeAtLineEnd(['x', '1', ' ', ':', ' #', '"', '{']),
  insertAt(['x', '\n', ' ', '-', ': ', '&a ', '*a', '---', '\t', '{', '[']),
  deleteSpan(6),
  deleteLine,
  insertLine([
    '---',
    '...',
    '--- # note',
    '%YAML 1.2',
    '  labels: {app: app1}',
    '    app: app0',
    'kind: ConfigMap',
    'apiVersion: v1',
    'services: {}',
    '  name: app2',
    '# comment',
    '',
  ]),
];

describe('incremental Kubernetes files', () => {
  it('split at their --- lines, one chunk per document, with the line each starts on', () => {
    const chunks = splitDocuments('# head\n---\na: 1\n---\r\nb: 2\n---  \n');
    assert.deepEqual(chunks, [
      { text: '---\na: 1\n', line: 1 },
      { text: '---\r\nb: 2\n', line: 3 },
      { text: '---  \n', line: 5 },
    ]);
    assert.deepEqual(splitDocuments('a: 1\n---\nb: 2'), [
      { text: 'a: 1\n', line: 0 },
      { text: '---\nb: 2', line: 1 },
    ]);
    for (const unsafe of ['%YAML 1.2\n---\na: 1', 'a: 1\n...\n', '--- !!map\na: 1', '--- {a: 1}\n'])
      assert.equal(splitDocuments(unsafe), undefined, unsafe);
  });

  it('give what a whole-file check gives, edit after edit, on the bench workload', async () => {
    const { kubernetesWorkload } = await benchWorkloads();
    const text = kubernetesWorkload(30).text;
    let incremental = 0;
    for (let seed = 1; seed <= 16 * ROUNDS; seed++)
      incremental += await assertIncrementalEqualsFull('file:///w/k8s.yaml', text, manifestEdits, { seed, steps: 20 });
    assert.ok(incremental > 80, `${incremental} edits checked incrementally`);
  });

  it('give what a whole-file check gives, edit after edit, on the corpus manifests', async () => {
    let incremental = 0;
    for (let round = 0; round < ROUNDS; round++)
      for (const [i, path] of corpusFiles('kubernetes').entries()) {
        const uri = `file:///w/${i}.yaml`;
        const seed = 100 + i + 1000 * round;
        incremental += await assertIncrementalEqualsFull(uri, readCorpus(path), manifestEdits, { seed, steps: 25 });
      }
    assert.ok(incremental > 50, `${incremental} edits checked incrementally`);
  });
});

const composeEdits = [
  typeAtLineEnd(['x', '1', ' ', ':', ' #', '"', '{', '-']),
  insertAt(['x', '\n', ' ', '- ', ': ', '&a ', '*a', '\t', '{', '[', '"', "'"]),
  deleteSpan(6),
  deleteLine,
  insertLine([
    '  web:',
    '    image: nginx',
    '  svc1:',
    '    depends_on: [svc0]',
    '    ports: ["8080:80"]',
    '    networks: [front]',
    'networks:',
    '  front: {}',
    'volumes: {}',
    'x-base: &base',
    '    <<: *base',
    '# comment',
    '   # indented comment',
    '',
    '---',
    '- a',
    'services:',
    'services: {}',
  ]),
];
// Edits that keep the file valid YAML, so that the next check reuses the findings of the services they did not touch.
const valueEdits = [
  replaceValue([
    'nginx',
    'sometimes',
    'lots',
    '"8080:80"',
    '"99999:80"',
    '${TAG}',
    '${TAG:-1}',
    '${MISSING}',
    'true',
    'maybe',
    '2',
    '[a, b]',
    '{}',
    'null',
  ]),
  renameKey(['image', 'imagee', 'restart', 'cpu_shares', 'ports', 'privileged', 'depends_on', 'environment', 'x-note']),
  insertLine(['', '# moved', '  extra:', '    image: extra:1']),
];
const pieced = (text: string): boolean => splitCompose(text) !== undefined;

describe('incremental Compose files', () => {
  it('split by top-level section and by service, and not where it is unsafe', () => {
    const pieces = splitCompose('name: p\nservices:\n  a:\n    image: x\n\n  b:\n    image: y\nnetworks: {}\n');
    assert.deepEqual(
      pieces?.map((p) => [p.offset, p.text, p.children?.map((c) => [c.offset, c.text])]),
      [
        [0, 'name: p\n', undefined],
        [
          8,
          'services:\n',
          [
            [18, '  a:\n    image: x\n\n'],
            [37, '  b:\n    image: y\n'],
          ],
        ],
        [55, 'networks: {}\n', undefined],
      ],
    );
    for (const unsafe of [
      'x: &a 1\ny: *a',
      'services:\n  a:\n    <<: {}',
      '- a',
      '{services: {}}',
      'a: 1\n---\nb: 2',
      'services:\n\ta: 1',
    ])
      assert.equal(splitCompose(unsafe), undefined, unsafe);
  });

  it('give what a whole-file check gives, edit after edit, on the bench workload', async () => {
    const { composeWorkload } = await benchWorkloads();
    const text = composeWorkload(25).text;
    let incremental = 0;
    for (let seed = 1; seed <= 16 * ROUNDS; seed++)
      incremental += await assertIncrementalEqualsFull('file:///w/compose.yaml', text, composeEdits, {
        seed,
        steps: 20,
        counted: pieced,
        features: true,
      });
    assert.ok(incremental > 80, `${incremental} edits checked incrementally`);
  });

  it('reuse the findings of unchanged services, and give what a whole-file check gives, edit after edit', async () => {
    const { composeWorkload } = await benchWorkloads();
    const text = composeWorkload(30).text;
    const reuse = { services: 0 };
    const files = { 'file:///w/.env': 'TAG=abc\n' };
    for (let seed = 1; seed <= 12 * ROUNDS; seed++) {
      await assertIncrementalEqualsFull('file:///w/compose.yaml', text, valueEdits, { seed, steps: 15, files, reuse });
      await assertIncrementalEqualsFull('file:///w/stack.yml', `version: "3.8"\n${text}`, valueEdits, {
        seed: 100 + seed,
        steps: 10,
        files,
        reuse,
      });
    }
    // Nearly every check after the first reuses the other 29 services' findings.
    assert.ok(reuse.services > 12 * 20 * 25, `${reuse.services} services' findings reused`);
  });

  it("do not reuse a service's findings once the variables change, even when its interpolated value is the same", async () => {
    const uri = 'file:///w/compose.yaml';
    const text = 'services:\n  web:\n    image: nginx\n    cpu_shares: ${SHARES}\n';
    const session = new WorkspaceSession({ host: memoryHost({}) });
    const codes: string[][] = [];
    for (const [version, env] of [{}, { SHARES: '' }, {}].entries()) {
      session.configure({ env });
      const file = session.open(uri, version + 1, text);
      const found = (await session.diagnostics(uri)) ?? [];
      assert.deepEqual(found, validate(createSourceFile(uri, version + 1, text, file.kind), session.context(uri)));
      codes.push(found.map((d) => d.code));
    }
    // Unset, the variable excuses the value; set to nothing, "" is no integer.
    assert.notDeepEqual(codes[0], codes[1]);
    assert.deepEqual(codes[0], codes[2]);
  });

  it('give what a whole-file check gives, edit after edit, on the corpus Compose and stack files', async () => {
    let incremental = 0;
    const files = [...corpusFiles('compose'), ...corpusFiles('stack')];
    for (const [i, path] of Array.from({ length: ROUNDS }, () => files)
      .flat()
      .entries()) {
      const name = path.includes('/stack/') ? `stack${i}.yml` : `compose${i}.yaml`;
      incremental += await assertIncrementalEqualsFull(`file:///w/${name}`, readCorpus(path), composeEdits, {
        seed: 200 + i,
        steps: 20,
        counted: pieced,
        features: true,
      });
      await assertIncrementalEqualsFull(`file:///w/${name}`, readCorpus(path), valueEdits, { seed: 400 + i, steps: 4 });
    }
    assert.ok(incremental > 40, `${incremental} edits checked incrementally`);
  });
});
