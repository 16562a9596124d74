import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resplitCompose, splitCompose } from '../../server/src/service/incremental/composeParse';
import { isScalar, visit } from 'yaml';
import { createSourceFile, validate, WorkspaceSession, type SourceFile } from '../../server/src/service';
import { corpusFiles } from '../support/corpus';
import { memoryHost } from '../support/memoryHost';
import { duplicateKeyMessage } from '../../server/src/service/rules/yamlDuplicateKeys';
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
  seeded,
  typeAtLineEnd,
  FUZZ_ROUNDS,
} from '../support/incrementalFuzz';

// The incremental paths must say exactly what a whole-file check says, edit after edit. Each case is seeded: a
// failure names its seed and the text, and replays. STEVEDORE_FUZZ_ROUNDS=10 runs ten times as many seeds.

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

  it('split again only the service an edit lies in, as a whole split does', async () => {
    const { composeWorkload } = await benchWorkloads();
    const edits = [...composeEdits, ...valueEdits];
    let resplit = 0;
    for (let seed = 1; seed <= 40 * FUZZ_ROUNDS; seed++) {
      const random = seeded(900 + seed);
      let text = `name: demo\n${composeWorkload(8).text}networks:\n  front: {}\n`;
      for (let step = 0; step < 20; step++) {
        const before = text;
        const pieces = splitCompose(before);
        text = (edits[Math.floor(random() * edits.length)] ?? deleteLine)(text, random);
        const again = pieces && resplitCompose(before, pieces, text);
        if (again) {
          resplit++;
          assert.deepEqual(again, splitCompose(text), `seed ${900 + seed}, step ${step}:\n${before}\n---\n${text}`);
        }
      }
    }
    assert.ok(resplit > 100, `${resplit} edits split again in one piece`);
    // The bench's edit: the first service's key is no key any more, and its piece takes in the next service's.
    const text = composeWorkload(12).text;
    const broken = text.replace('  svc0:\n', '  svc0:x\n');
    const pieces = splitCompose(text);
    assert.ok(pieces);
    const again = resplitCompose(text, pieces, broken);
    assert.ok(again, "the bench's edit is split again in one piece");
    assert.deepEqual(again, splitCompose(broken));
    // The same in a later service: it stays in the piece before it.
    const later = text.replace('  svc5:\n', '  svc5:x\n');
    assert.deepEqual(resplitCompose(text, pieces, later), splitCompose(later));
    assert.ok(resplitCompose(text, pieces, later));
  });

  it('move a second `services:` with its services when an edit in the first moves it (seeds 942 and 488)', async () => {
    // `services:` twice (a duplicate key, as the fuzz's inserted line makes it): both are split by service.
    const text = 'services:\n  a:\n    image: x\nservices:\n  b:\n    image: y\n';
    const pieces = splitCompose(text);
    assert.ok(pieces);
    for (const edited of [text.replace('image: x', 'image: xyz'), text.replace('image: y', 'image: yz')]) {
      const again = resplitCompose(text, pieces, edited);
      assert.ok(again, `split again in one piece: ${edited}`);
      assert.deepEqual(again, splitCompose(edited));
    }
    // In a session: the first version is clean and seeds the kept parses, the second inserts the duplicate key, the
    // third edits the first service. The second section's findings must stand where its services now are.
    const uri = 'file:///w/compose.yaml';
    const session = new WorkspaceSession({ host: memoryHost({}) });
    const versions = ['services:\n  a:\n    image: x\n  b:\n    image: y\n', text, text.replace('image: x', 'image: x:1')];
    for (const [i, version] of versions.entries()) {
      const file = session.open(uri, i + 1, version);
      const actual = (await session.diagnostics(uri)) ?? [];
      assert.deepEqual(actual, validate(createSourceFile(uri, i + 1, version, file.kind), session.context(uri)), version);
    }
  });

  it('give what a whole-file check gives, edit after edit, on the bench workload', async () => {
    const { composeWorkload } = await benchWorkloads();
    const text = composeWorkload(25).text;
    let incremental = 0;
    for (let seed = 1; seed <= 16 * FUZZ_ROUNDS; seed++)
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
    for (let seed = 1; seed <= 12 * FUZZ_ROUNDS; seed++) {
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

  it('read a syntax error in one service with its neighbours, as a whole parse reads it', async () => {
    const { composeWorkload } = await benchWorkloads();
    const text = composeWorkload(12).text;
    const lines = text.split('\n');
    const at = (key: string): number => lines.indexOf(`  ${key}:`);
    const edited = (line: number, change: (l: string) => string): string =>
      lines.map((l, i) => (i === line ? change(l) : l)).join('\n');
    // The pair of a service, wherever the parse put it (an error may nest the services after it in a broken key).
    const pairOf = (file: SourceFile, name: string): unknown => {
      let found: unknown;
      visit(file.yaml.documents[0] ?? null, {
        Pair: (_key, pair) => void (isScalar(pair.key) && pair.key.value === name && (found = pair)),
      });
      return found;
    };
    const cases: [string, string, boolean][] = [
      // The bench's edit: the key becomes a scalar, and the parser's recovery takes every later service into it.
      ['svc0 key typed on', edited(at('svc0'), (l) => `${l}x`), true],
      ['svc4 key typed on', edited(at('svc4'), (l) => `${l}x`), true],
      // The error stays in its service.
      ['a compact mapping', edited(at('svc6') + 1, (l) => `${l}: b`), true],
      // A list item among the services becomes a key that takes the next services: parsed whole.
      ['a list item among the services', edited(at('svc6'), (l) => `  - x\n${l}`), false],
      // A quote opened in the image, closed by the quote of the service's port: the error stays in its service.
      ['an unclosed quote', edited(at('svc3') + 1, (l) => l.replace('registry', '"registry')), true],
      // Too close to the end to read two services after it: parsed whole.
      ['the last service', edited(at('svc11'), (l) => `${l}x`), false],
    ];
    const uri = 'file:///w/compose.yaml';
    for (const [what, broken, confined] of cases) {
      const session = new WorkspaceSession({ host: memoryHost({}) });
      const before = session.open(uri, 1, text);
      await session.diagnostics(uri);
      const kept = pairOf(before, 'svc11');
      const after = session.open(uri, 2, broken);
      const actual = (await session.diagnostics(uri)) ?? [];
      const whole = createSourceFile(uri, 2, broken, after.kind);
      assert.ok(whole.yaml.errors.length > 0, `${what}: a syntax error`);
      assert.deepEqual(actual, validate(whole, session.context(uri)), what);
      assert.deepEqual(
        after.yaml.errors.map((e) => [e.code, e.pos]),
        whole.yaml.errors.map((e) => [e.code, e.pos]),
        what,
      );
      // Read with its neighbours, the edit leaves the last service's parse as it was.
      assert.equal(pairOf(after, 'svc11') === kept, confined, `${what}: the last service kept its parse`);
    }
  });

  it("reuse the model parts and the YAML rules' subtrees of unchanged services and sections, edit after edit", async () => {
    const { composeWorkload } = await benchWorkloads();
    // Every top-level section a piece can be: services, networks, volumes, an x- extension, a name.
    const sections = [
      'name: demo',
      'x-notes:',
      '  owner:',
      '    team: core',
      '    on_call: yes',
      '  window:',
      '    - "22:00"',
      'networks:',
      '  front:',
      '    driver: bridge',
      '    labels:',
      '      tier: front',
      '      tier: edge',
      '  back: {}',
      'volumes:',
      '  data:',
      '    driver: local',
      'secrets:',
      '  token:',
      '    file: ./token.txt',
      '',
    ].join('\n');
    // A retyped value (`restart: no`) and a duplicate key in two services, so that both YAML rules keep findings.
    const services = composeWorkload(20)
      .text.replace('  svc3:\n', '  svc3:\n    restart: no\n')
      .replace('  svc8:\n', '  svc8:\n    labels:\n      a: "1"\n      a: "2"\n');
    const text = `${sections}${services}`;
    const edits = [
      ...valueEdits,
      // The bench's edit and its like: a key typed on, which nests the later services in the broken one.
      typeAtLineEnd(['x', ':', ' #']),
      deleteLine,
      insertLine([
        '  added:',
        '    image: added:1',
        '    restart: off',
        '  moved:',
        '# a comment that moves every later piece',
        '',
        '    environment:',
        '      MODE: on',
      ]),
    ];
    const reuse = { services: 0, parts: 0, subtrees: 0 };
    for (let seed = 1; seed <= 10 * FUZZ_ROUNDS; seed++)
      await assertIncrementalEqualsFull('file:///w/compose.yaml', text, edits, { seed: 700 + seed, steps: 15, reuse });
    // Of the 25 services and sections, a check after an edit that kept the pieces apart takes most as kept (an edit
    // that makes the file be parsed whole takes none).
    assert.ok(reuse.parts > 10 * 14 * 10, `${reuse.parts} model parts reused`);
    assert.ok(reuse.subtrees > 10 * 14 * 10, `${reuse.subtrees} subtrees reused by the YAML rules`);
  });

  it("reuse the parts of the services a broken key nests, as the bench's edit does", async () => {
    const { composeWorkload } = await benchWorkloads();
    const text = composeWorkload(12).text.replace('  svc9:\n', '  svc9:\n    labels:\n      a: "1"\n      a: "2"\n');
    const broken = text.replace('  svc0:\n', '  svc0:x\n');
    const uri = 'file:///w/compose.yaml';
    const session = new WorkspaceSession({ host: memoryHost({}) });
    session.open(uri, 1, text);
    await session.diagnostics(uri);
    const file = session.open(uri, 2, broken);
    const actual = (await session.diagnostics(uri)) ?? [];
    assert.deepEqual(actual, validate(createSourceFile(uri, 2, broken, file.kind), session.context(uri)));
    assert.ok(
      actual.some((d) => d.message === duplicateKeyMessage('a')),
      'the duplicate key in a nested service',
    );
    const findings = session.findingsOf(file);
    // svc1…svc11 now lie one level deeper, inside the broken key: their parts and subtrees are taken as they were
    // (svc1 is parsed again: the split puts the broken first line and svc1 in one piece, whose text is new).
    assert.ok((findings?.model.reused ?? 0) >= 10, `${findings?.model.reused} model parts reused`);
    assert.ok((findings?.nodes.reused ?? 0) >= 10, `${findings?.nodes.reused} subtrees reused`);
  });

  it('give what a whole-file check gives, edit after edit, on the corpus Compose and stack files', async () => {
    let incremental = 0;
    const files = [...corpusFiles('compose'), ...corpusFiles('stack')];
    for (const [i, path] of Array.from({ length: FUZZ_ROUNDS }, () => files)
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
