import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createSourceFile,
  getCompletions,
  getHover,
  getReferences,
  getRenameChanges,
  getWorkspaceSymbols,
  objectsOfFile,
  plainFromMarkdown,
  plainFromSnippet,
} from '../../server/src/service';
import { fixture, lineEndings } from '../support/fixture';
import { memoryHost } from '../support/memoryHost';

describe('text for a client without snippets or markdown', () => {
  it('turns a snippet into the text it inserts', () => {
    const cases: [string, string][] = [
      ['image: $0', 'image: '],
      ['ports:\n  - $0', 'ports:\n  - '],
      ['${1:web}: ${2}$0', 'web: '],
      ['restart: ${1|no,always|}', 'restart: no'],
      ['cost: \\$5 \\} \\\\', 'cost: $5 } \\'],
    ];
    assert.deepEqual(
      cases.map(([snippet]) => plainFromSnippet(snippet)),
      cases.map(([, plain]) => plain),
    );
  });

  it('turns markdown into plain text', () => {
    assert.equal(
      plainFromMarkdown('**service `db`** — line 6\n\n```yaml\ndb:\n  image: x\n```\nSee [the spec](https://x.io/a) \\*now\\*'),
      'service db — line 6\n\ndb:\n  image: x\nSee the spec (https://x.io/a) *now*',
    );
  });

  for (const eol of lineEndings)
    it(`completes and hovers in the client's formats (${eol.name})`, () => {
      const { text, markers } = fixture(eol.apply('services:\n  web:\n    rest$0\n    ima$0ge: nginx\n'));
      const file = createSourceFile('file:///w/compose.yaml', 1, text);
      const [completion = { line: 0, character: 0 }, hover = { line: 0, character: 0 }] = markers;
      const plain = { snippets: false, markdown: false };
      assert.deepEqual(
        getCompletions(file, completion, undefined, plain).map((i) => [i.label, i.snippet, i.insertText]),
        [['restart', undefined, 'restart: ']],
      );
      assert.deepEqual(
        getCompletions(file, completion).map((i) => [i.label, i.snippet, i.insertText]),
        [['restart', 'restart: $0', undefined]],
      );
      assert.match(getHover(file, hover, undefined, plain)?.contents ?? '', /^image \(string\)/);
      assert.match(getHover(file, hover)?.contents ?? '', /^\*\*image\*\* \(string\)/);
    });
});

describe('cancelled searches', () => {
  const files = {
    '/w/compose.yaml': 'include:\n  - ./db/compose.yaml\nservices:\n  web:\n    depends_on: [db]\n',
    '/w/db/compose.yaml': 'services:\n  db:\n    image: postgres\n',
  };
  const { text, markers } = fixture('include:\n  - ./db/compose.yaml\nservices:\n  web:\n    depends_on: [d$0b]\n');
  const file = createSourceFile('file:///w/compose.yaml', 1, text);
  const position = markers[0] ?? { line: 0, character: 0 };
  const context = { host: memoryHost(files) };
  /** Cancelled after `answers` questions: the search stops between files. */
  const cancelledAfter = (answers: number): (() => boolean) => {
    let asked = 0;
    return () => asked++ >= answers;
  };

  it('finds references and renames across files when not cancelled', () => {
    assert.equal(getReferences(file, position, true, context).length, 2);
    assert.deepEqual(Object.keys(getRenameChanges(file, position, 'database', context) ?? {}).sort(), [
      'file:///w/compose.yaml',
      'file:///w/db/compose.yaml',
    ]);
  });

  it('answers nothing, never a partial list, once cancelled', () => {
    assert.deepEqual(getReferences(file, position, true, context, cancelledAfter(1)), []);
    assert.equal(getRenameChanges(file, position, 'database', context, cancelledAfter(1)), undefined);
    assert.deepEqual(
      getReferences(file, position, true, context, () => true),
      [],
    );
  });

  it('stops a workspace symbol search', () => {
    const objects = objectsOfFile(
      createSourceFile('file:///w/k.yaml', 1, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n'),
    );
    assert.deepEqual(
      getWorkspaceSymbols(objects, 'config').map((s) => s.name),
      ['ConfigMap/a'],
    );
    assert.deepEqual(
      getWorkspaceSymbols(objects, 'config', () => true),
      [],
    );
  });
});
