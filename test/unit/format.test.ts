import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { createSourceFile, formatDocument, type TextEdit } from '../../server/src/service';
import { corpusFiles, corpusRoot } from '../support/corpus';
import { lineEndings } from '../support/fixture';

function apply(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const at = (p: { line: number; character: number }): number => (starts[p.line] ?? text.length) + p.character;
  return [...edits]
    .sort((a, b) => at(b.range.start) - at(a.range.start))
    .reduce((out, e) => out.slice(0, at(e.range.start)) + e.newText + out.slice(at(e.range.end)), text);
}

/** Formats `text` as `path`; throws with the reason when the formatter refuses. */
function format(text: string, tabSize = 2, path = '/w/compose.yaml'): string {
  const result = formatDocument(createSourceFile(`file://${path}`, 1, text), { tabSize, insertSpaces: true });
  if ('refused' in result) throw new Error(`refused: ${result.refused}`);
  return apply(text, result.edits);
}

const cases: { name: string; input: string; output: string; tabSize?: number }[] = [
  {
    name: 'uneven nesting becomes one step per level, lists indented under their key',
    input: 'services:\n    web:\n     image: nginx\n     ports:\n     - "80:80"\n     -    "443:443"\n',
    output: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n      - "443:443"\n',
  },
  {
    name: 'comments, anchors, aliases, tags and key order are kept',
    input:
      '# top\nx-base: &base\n      restart: always # why\nservices:\n   web:\n         <<: *base\n         # the image\n         image: nginx\n         ports: !reset []\n         environment: !override\n             A: 1\n',
    output:
      '# top\nx-base: &base\n  restart: always # why\nservices:\n  web:\n    <<: *base\n    # the image\n    image: nginx\n    ports: !reset []\n    environment: !override\n      A: 1\n',
  },
  {
    name: 'maps inside list items follow the marker',
    input: 'spec:\n containers:\n - name: web\n   image: nginx\n   env:\n   -   name: A\n       value: "1"\n',
    output: 'spec:\n  containers:\n    - name: web\n      image: nginx\n      env:\n        - name: A\n          value: "1"\n',
  },
  {
    name: 'block scalar bodies move as a whole, their inner indentation kept',
    input:
      'services:\n    web:\n        command: |\n              echo a\n                indented\n\n              echo b\n        image: x\n',
    output: 'services:\n  web:\n    command: |\n      echo a\n        indented\n\n      echo b\n    image: x\n',
  },
  {
    name: 'a block scalar with an indentation indicator moves with its parent',
    input: 'a:\n    - |2\n        two\n      x\n    - b: |1\n         y\n        z\n',
    output: 'a:\n  - |2\n      two\n    x\n  - b: |1\n       y\n      z\n',
  },
  {
    name: 'the editor tab size sets the step',
    tabSize: 4,
    input: 'services:\n  web:\n    image: nginx\n    ports:\n    - "80:80"\n',
    output: 'services:\n    web:\n        image: nginx\n        ports:\n            - "80:80"\n',
  },
  {
    name: 'every document of a multi-document file',
    input: 'apiVersion: v1\nkind: ConfigMap\ndata:\n     a: "1"\n---\napiVersion: v1\nkind: Secret\nstringData:\n      b: "2"\n',
    output: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n---\napiVersion: v1\nkind: Secret\nstringData:\n  b: "2"\n',
  },
  {
    name: 'a comment after the last key of a block stays with that block',
    input: 'services:\n   web:\n      image: x\n      # about web\n   db:\n      image: y\n',
    output: 'services:\n  web:\n    image: x\n    # about web\n  db:\n    image: y\n',
  },
  {
    name: 'multi-line flow values move with their key',
    input: 'services:\n    web:\n        command: ["a",\n           "b"]\n',
    output: 'services:\n  web:\n    command: ["a",\n       "b"]\n',
  },
];

describe('formatting', () => {
  for (const c of cases) {
    for (const eol of lineEndings) {
      it(`${c.name} (${eol.name})`, () => {
        const formatted = format(eol.apply(c.input), c.tabSize);
        assert.equal(formatted, eol.apply(c.output));
        assert.equal(format(formatted, c.tabSize), formatted, 'formatting twice changes nothing');
      });
    }
  }

  for (const eol of lineEndings) {
    it(`refuses a file with syntax errors and says why (${eol.name})`, () => {
      const result = formatDocument(createSourceFile('file:///w/compose.yaml', 1, eol.apply('services:\n  web: {image: x\n')), {
        tabSize: 2,
      });
      assert.ok('refused' in result);
      assert.match(result.refused, /syntax errors \(line \d+/);
    });

    it(`range formatting touches only the lines asked for (${eol.name})`, () => {
      const text = eol.apply('a:\n     b: 1\nc:\n     d: 2\n');
      const result = formatDocument(
        createSourceFile('file:///w/x.yaml', 1, text),
        { tabSize: 2 },
        {
          start: { line: 2, character: 0 },
          end: { line: 3, character: 0 },
        },
      );
      assert.ok('edits' in result);
      assert.equal(apply(text, result.edits), eol.apply('a:\n     b: 1\nc:\n  d: 2\n'));
    });
  }
});

// Every real file of the corpus: the formatted text parses to the same data and formatting it again changes nothing.
describe('formatting the corpus keeps the data and is idempotent', () => {
  for (const folder of ['compose/valid', 'compose/valid-multifile', 'stack/valid', 'kubernetes/valid']) {
    it(folder, () => {
      const problems: string[] = [];
      let formattedFiles = 0;
      for (const path of corpusFiles(folder)) {
        const text = readFileSync(path, 'utf8');
        const name = relative(corpusRoot, path);
        try {
          const once = format(text, 2, path);
          const twice = format(once, 2, path);
          const before = parseAllDocuments(text).map((d) => JSON.stringify(d.toJS({ maxAliasCount: -1 })));
          const after = parseAllDocuments(once).map((d) => JSON.stringify(d.toJS({ maxAliasCount: -1 })));
          if (JSON.stringify(before) !== JSON.stringify(after)) problems.push(`${name}: data changed`);
          if (twice !== once) problems.push(`${name}: not idempotent`);
          const comments = (t: string): number => (t.match(/#/g) ?? []).length;
          if (comments(once) !== comments(text)) problems.push(`${name}: comments lost`);
          formattedFiles++;
        } catch (error) {
          problems.push(`${name}: ${String(error)}`);
        }
      }
      assert.deepEqual(problems, []);
      assert.ok(formattedFiles > 0);
    });
  }
});
