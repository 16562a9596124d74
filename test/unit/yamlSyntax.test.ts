import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, validate } from '../../server/src/service';
import { PRACTICE_CODES } from '../../server/src/service/rules/registry';
import { unknownAnchorMessage } from '../../server/src/service/rules/yamlAliases';
import { fixture, lineEndings } from '../support/fixture';

interface Case {
  readonly name: string;
  /** `$0` marks where each expected diagnostic starts, in order. */
  readonly text: string;
  readonly codes: readonly string[];
  readonly message?: string;
}

const cases: readonly Case[] = [
  { name: 'valid compose file', text: 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n', codes: [] },
  { name: 'empty file', text: '', codes: [] },
  { name: 'comments only', text: '# nothing here\n', codes: [] },
  { name: 'unterminated flow sequence', text: 'services:\n  web:\n    ports: [80\n$0', codes: ['yaml/syntax'] },
  { name: 'duplicate key', text: 'services:\n  web:\n    image: a\n    $0image: b\n', codes: ['yaml/duplicate-key'] },
  { name: 'tab as indentation', text: 'services:\n$0\tweb: {}\n', codes: ['yaml/tab-indent'] },
  { name: 'two anchors on one node', text: 'a: &x $0&y 1\n', codes: ['yaml/bad-anchor'] },
  {
    name: 'alias with no anchor',
    text: 'x-base: &base {}\nservices:\n  web: $0*bsae\n',
    codes: ['yaml/bad-alias'],
    message: unknownAnchorMessage('bsae'),
  },
  { name: 'alias before its anchor', text: 'a: $0*later\nb: &later 1\n', codes: ['yaml/bad-alias'] },
  {
    name: 'merge keys and compose override tags are valid',
    text: [
      'x-base: &base',
      '  restart: always',
      'services:',
      '  web:',
      '    <<: *base',
      '    ports: !reset []',
      '    environment: !override',
      '      A: "1"',
      '    command: !reset null',
      '',
    ].join('\n'),
    codes: [],
  },
  { name: 'unknown tag is a warning', text: 'a: $0!nope 1\n', codes: ['yaml/unknown-tag'] },
  {
    name: 'errors in two documents of one stream',
    text: 'a: 1\n---\nb: [\n$0---\nc: 3\n$0c: 4\n---\nd: $0*e\n',
    codes: ['yaml/syntax', 'yaml/duplicate-key', 'yaml/bad-alias'],
  },
  {
    name: 'the rest of the file is still checked after a syntax error',
    text: 'a: {b: 1\n$0---\nc: $0*missing\n',
    codes: ['yaml/syntax', 'yaml/bad-alias'],
  },
];

describe('yaml/* rules', () => {
  for (const c of cases) {
    for (const eol of lineEndings) {
      it(`${c.name} (${eol.name})`, () => {
        const { text, markers } = fixture(eol.apply(c.text));
        // A plain YAML file: only the yaml/* rules apply.
        const diagnostics = validate(createSourceFile('file:///w/notes.yaml', 1, text)).filter(
          (d) => !PRACTICE_CODES.includes(d.code),
        );
        assert.deepEqual(
          diagnostics.map((d) => d.code),
          c.codes,
          JSON.stringify(diagnostics),
        );
        if (markers.length > 0) {
          assert.deepEqual(
            diagnostics.map((d) => d.range.start),
            markers,
          );
        }
        if (c.message) assert.equal(diagnostics[0]?.message, c.message);
        for (const d of diagnostics) assert.ok(d.message.length > 0);
      });
    }
  }

  it('never throws, whatever the input', () => {
    const nasty = ['\u0000', '- - - -\n  :', '{{{{', ']]]', '*a', '&a', '? ? ?', ': : :', '"\\x', '\t\t- a', '---\n...\n---'];
    for (const text of nasty) assert.doesNotThrow(() => validate(createSourceFile('file:///x.yaml', 1, text)), text);
  });
});
