import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, validate, type SourceFile } from '../../server/src/service';
import { resplitDocuments, splitDocuments } from '../../server/src/service/incremental/chunks';
import { changedObjects } from '../../server/src/service/incremental/indexAnswers';
import { KubernetesDocuments } from '../../server/src/service/incremental/kubernetesDocuments';
import type { KubeObject } from '../../server/src/service/kubernetes/objects';
import { corpusFiles } from '../support/corpus';
import {
  assertIncrementalEqualsFull,
  benchWorkloads,
  deleteLine,
  deleteSpan,
  insertAt,
  insertLine,
  moveDocument,
  readCorpus,
  replaceTopValue,
  replaceValue,
  seeded,
  typeAtLineEnd,
  FUZZ_ROUNDS,
} from '../support/incrementalFuzz';

// The incremental paths must say exactly what a whole-file check says, edit after edit. Each case is seeded: a
// failure names its seed and the text, and replays. STEVEDORE_FUZZ_ROUNDS=10 runs ten times as many seeds.
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

/**
 * Objects that name each other, `n` documents: ConfigMaps and ServiceAccounts that workloads name, workloads with
 * named ports, Services selecting them by label (some selecting nothing, some by a port name), a namespace here and
 * there: each document asks the index something, and an edit to one object changes the answers of a few.
 */
function crossObjectManifest(n: number): string {
  const documents: string[] = [];
  for (let i = 0; i < n; i++) {
    const namespace = i % 3 === 0 ? '\n  namespace: ns1' : '';
    const port = i % 2 === 0 ? 'http' : 'web';
    const shapes = [
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg${i % 3}${namespace}\ndata:\n  a: "1"`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}${namespace}\nspec:\n  selector:\n    matchLabels:\n` +
        `      app: app${i % 4}\n  template:\n    metadata:\n      labels:\n        app: app${i % 4}\n    spec:\n` +
        `      serviceAccountName: sa${i % 2}\n      containers:\n        - name: c\n          image: nginx\n` +
        `          envFrom:\n            - configMapRef:\n                name: cfg${i % 3}\n          ports:\n` +
        `            - name: ${port}\n              containerPort: 80`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc${i}${namespace}\nspec:\n  selector:\n    app: app${i % 4}\n` +
        `  ports:\n    - port: 80\n      targetPort: ${port}`,
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa${i % 2}${namespace}`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: lone${i}\nspec:\n  selector:\n    app: none\n  ports:\n    - port: 80`,
    ];
    documents.push(`---\n${shapes[i % shapes.length] ?? ''}\n`);
  }
  return documents.join('');
}

/** Edits that change what objects say to each other: names, labels, namespaces, ports, kinds, and their order. */
const objectEdits = [
  replaceValue(['app0', 'app1', 'app2', 'none', 'cfg0', 'cfg1', 'sa0', 'sa1', 'http', 'web', 'ns1', 'ns2', '8080']),
  replaceTopValue('kind', ['ConfigMap', 'Service', 'Deployment', 'ServiceAccount', 'StatefulSet', 'Secret']),
  moveDocument,
  deleteLine,
  insertLine(['---', '  namespace: ns1', '  labels: {app: app1}', '        app: app2']),
  typeAtLineEnd(['x', '1']),
];

/** Runs a check of `file` by `documents` to its end. */
function check(documents: KubernetesDocuments, file: SourceFile): unknown[] {
  const steps = documents.steps(file, undefined);
  assert.ok(steps, 'checked document by document');
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

describe('incremental Kubernetes files', () => {
  it('split at their --- lines, one chunk per document, with the line each starts on', () => {
    const chunks = splitDocuments('# head\n---\na: 1\n---\r\nb: 2\n---  \n');
    assert.deepEqual(chunks, [
      { text: '---\na: 1\n', line: 1, start: 7 },
      { text: '---\r\nb: 2\n', line: 3, start: 16 },
      { text: '---  \n', line: 5, start: 26 },
    ]);
    assert.deepEqual(splitDocuments('a: 1\n---\nb: 2'), [
      { text: 'a: 1\n', line: 0, start: 0 },
      { text: '---\nb: 2', line: 1, start: 5 },
    ]);
    for (const unsafe of ['%YAML 1.2\n---\na: 1', 'a: 1\n...\n', '--- !!map\na: 1', '--- {a: 1}\n'])
      assert.equal(splitDocuments(unsafe), undefined, unsafe);
  });

  it('split again only between the chunks an edit reached, as a whole split would', async () => {
    const { kubernetesWorkload } = await benchWorkloads();
    const random = seeded(42);
    const edits = [...manifestEdits, ...objectEdits];
    let resplit = 0;
    for (let round = 0; round < 40 * FUZZ_ROUNDS; round++) {
      let text = round % 2 === 0 ? kubernetesWorkload(12).text : crossObjectManifest(10);
      for (let step = 0; step < 15; step++) {
        const before = splitDocuments(text);
        const edited = (edits[Math.floor(random() * edits.length)] ?? deleteLine)(text, random);
        const again = before && resplitDocuments(text, before, edited);
        if (again) {
          resplit++;
          assert.deepEqual(again.chunks, splitDocuments(edited), `${JSON.stringify(text)}\n→ ${JSON.stringify(edited)}`);
          assert.ok(again.head + again.tail <= again.chunks.length);
          for (let i = 0; i < again.head; i++) assert.equal(again.chunks[i], before[i], 'kept where it was');
          for (let i = 1; i <= again.tail; i++)
            assert.equal(again.chunks[again.chunks.length - i]?.text, before[before.length - i]?.text, 'kept, moved');
        }
        text = edited;
      }
    }
    assert.ok(resplit > 300, `${resplit} edits split again in part`);
    // Edits at the marker lines themselves: the line break before one removed (the marker ends a line instead of
    // starting one), a marker broken, a marker added, the last document removed.
    const text = 'a: 0\n---\na: 1\n---\na: 2\n---\na: 3\n---\na: 4\n';
    for (const edited of [
      text.replace('a: 2\n---', 'a: 2---'),
      text.replace('a: 2\n---', 'a: 2\n--x-'),
      text.replace('a: 2\n', 'a: 2\n---\n'),
      text.replace('---\na: 4\n', ''),
      `${text}b: 5\n`,
      `    x: 1\n${text}`,
      `# note\n${text}`,
    ]) {
      const before = splitDocuments(text) ?? [];
      assert.deepEqual(resplitDocuments(text, before, edited)?.chunks, splitDocuments(edited), edited);
    }
  });

  it('give what a whole-file check gives, edit after edit, on the bench workload', async () => {
    const { kubernetesWorkload } = await benchWorkloads();
    const text = kubernetesWorkload(30).text;
    let incremental = 0;
    for (let seed = 1; seed <= 16 * FUZZ_ROUNDS; seed++)
      incremental += await assertIncrementalEqualsFull('file:///w/k8s.yaml', text, manifestEdits, { seed, steps: 20 });
    assert.ok(incremental > 80, `${incremental} edits checked incrementally`);
  });

  it('give what a whole-file check gives, edit after edit, on the corpus manifests', async () => {
    let incremental = 0;
    for (let round = 0; round < FUZZ_ROUNDS; round++)
      for (const [i, path] of corpusFiles('kubernetes').entries()) {
        const uri = `file:///w/${i}.yaml`;
        const seed = 100 + i + 1000 * round;
        incremental += await assertIncrementalEqualsFull(uri, readCorpus(path), manifestEdits, { seed, steps: 25 });
      }
    assert.ok(incremental > 50, `${incremental} edits checked incrementally`);
  });

  it('give what a whole-file check gives after edits to the objects that name each other, beside another file', async () => {
    const other = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg1\n---\n${crossObjectManifest(4).split('---\n')[2] ?? ''}`;
    const files = { '/w/other.yaml': other };
    let incremental = 0;
    for (let seed = 1; seed <= 12 * FUZZ_ROUNDS; seed++) {
      const text = crossObjectManifest(12 + (seed % 5));
      incremental += await assertIncrementalEqualsFull('file:///w/k8s.yaml', text, objectEdits, {
        seed: 500 + seed,
        steps: 20,
        files,
        folder: 'file:///w/',
      });
    }
    assert.ok(incremental > 150, `${incremental} edits checked incrementally`);
  });

  it('give what a whole-file check gives after object edits, on the bench workload and the corpus manifests', async () => {
    const { kubernetesWorkload } = await benchWorkloads();
    let incremental = 0;
    for (let seed = 1; seed <= 6 * FUZZ_ROUNDS; seed++)
      incremental += await assertIncrementalEqualsFull('file:///w/k8s.yaml', kubernetesWorkload(20).text, objectEdits, {
        seed: 600 + seed,
        steps: 20,
      });
    for (const [i, path] of corpusFiles('kubernetes').entries())
      incremental += await assertIncrementalEqualsFull(`file:///w/${i}.yaml`, readCorpus(path), objectEdits, {
        seed: 700 + i,
        steps: 10,
      });
    assert.ok(incremental > 100, `${incremental} edits checked incrementally`);
  });

  it('answer again only the index queries a changed object can be part of', async () => {
    const { kubernetesWorkload } = await benchWorkloads();
    const { text, editLine } = kubernetesWorkload(100);
    const documents = new KubernetesDocuments();
    const uri = 'file:///w/k8s.yaml';
    check(documents, createSourceFile(uri, 1, text, 'kubernetes'));
    const cold = documents.answered(uri);
    // The bench's edit renames Deployment app0: the answer of `app: app0` (Service app1's selector) changes.
    const lines = text.split('\n');
    lines[editLine] += 'x';
    const edited = createSourceFile(uri, 2, lines.join('\n'), 'kubernetes');
    const found = check(documents, edited);
    assert.ok(cold >= 50, `${cold} answers at the first check (one per Service at least)`);
    assert.equal(documents.answered(uri) - cold, 1, 'one answer made again');
    const whole = createSourceFile(uri, 2, edited.text, 'kubernetes');
    assert.deepEqual(found, validate(whole, undefined));
  });

  it('find the objects that differ between two lists, between their common start and end', () => {
    const object = (name: string, line = 0): KubeObject => ({
      uri: 'file:///w/a.yaml',
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name,
      nameRange: { start: { line, character: 8 }, end: { line, character: 9 } },
    });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => object(name));
    const names = (list: readonly KubeObject[]): string[] => list.map((o) => o.name);
    assert.deepEqual(names(changedObjects([a, b, c], [a, d, c])), ['b', 'd']);
    // Moved to other lines, the same objects: nothing changed.
    assert.deepEqual(names(changedObjects([a, b], [object('a', 7), object('b', 9)])), []);
    // Reordered: both places between the common ends count, whatever they hold.
    assert.deepEqual(names(changedObjects([a, b, c, d], [a, c, b, d])), ['b', 'c', 'c', 'b']);
    assert.deepEqual(names(changedObjects([a, b], [a, b, b])), ['b']);
    assert.deepEqual(names(changedObjects([], [a])), ['a']);
  });
});
