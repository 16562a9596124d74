import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, getCompletions, type ValidationContext } from '../../server/src/service';
import { fixture, lineEndings } from '../support/fixture';
import { memoryHost } from '../support/memoryHost';

const host = memoryHost({
  '/w/compose.yaml': '',
  '/w/.env': 'A=1',
  '/w/app.env': 'B=2',
  '/w/conf/app.conf': '',
  '/w/conf/api.env': '',
  '/w/conf/nested/x': '',
  '/w/web/Dockerfile': 'FROM scratch',
  '/w/web/Dockerfile.dev': 'FROM scratch',
  '/w/web/src/main.c': '',
  '/w/secrets/db.txt': 'pw',
  '/w/base/compose.yaml': '',
});
const context: ValidationContext = { host };

const cases: { name: string; text: string; labels: string[]; replaced?: string }[] = [
  {
    name: 'env_file lists the folder of the compose file, folders first',
    text: 'services:\n  web:\n    env_file: $0\n',
    labels: ['base/', 'conf/', 'secrets/', 'web/', '.env', 'app.env', 'compose.yaml'],
  },
  {
    name: 'env_file list items, inside a typed folder',
    text: 'services:\n  web:\n    env_file:\n      - ./conf/ap$0\n',
    labels: ['api.env', 'app.conf'],
    replaced: 'ap',
  },
  {
    name: 'build contexts are folders only',
    text: 'services:\n  web:\n    build:\n      context: $0\n',
    labels: ['base/', 'conf/', 'secrets/', 'web/'],
  },
  { name: 'the short build form too', text: 'services:\n  web:\n    build: w$0\n', labels: ['web/'], replaced: 'w' },
  {
    name: 'the Dockerfile relative to the build context',
    text: 'services:\n  web:\n    build:\n      context: ./web\n      dockerfile: Do$0\n',
    labels: ['Dockerfile', 'Dockerfile.dev'],
    replaced: 'Do',
  },
  { name: 'a secret file', text: 'services: {}\nsecrets:\n  db:\n    file: ./secrets/$0\n', labels: ['db.txt'], replaced: '' },
  { name: 'an included file', text: 'include:\n  - base/$0\nservices: {}\n', labels: ['compose.yaml'], replaced: '' },
  { name: 'an extended file', text: 'services:\n  web:\n    extends:\n      file: "ba$0\n', labels: ['base/'], replaced: 'ba' },
  { name: 'not on other values', text: 'services:\n  web:\n    image: $0\n', labels: [] },
];

describe('file path completion', () => {
  for (const c of cases)
    for (const eol of lineEndings)
      it(`${c.name} (${eol.name})`, () => {
        const { text, markers } = fixture(eol.apply(c.text));
        const position = markers[0];
        assert.ok(position);
        const items = getCompletions(createSourceFile('file:///w/compose.yaml', 1, text), position, context);
        assert.deepEqual(
          items.filter((i) => i.kind === 'file' || i.kind === 'folder').map((i) => i.label),
          c.labels,
        );
        if (c.replaced !== undefined)
          for (const item of items) {
            assert.equal(item.edit?.range.end.character, position.character);
            assert.equal(item.edit.range.start.character, position.character - c.replaced.length);
          }
        for (const item of items) assert.equal(item.retrigger, item.kind === 'folder');
      });
});
