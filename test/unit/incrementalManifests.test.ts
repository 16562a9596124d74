import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitDocuments } from '../../server/src/service/incremental/chunks';
import { corpusFiles } from '../support/corpus';
import {
  assertIncrementalEqualsFull,
  benchWorkloads,
  deleteLine,
  deleteSpan,
  insertAt,
  insertLine,
  readCorpus,
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
