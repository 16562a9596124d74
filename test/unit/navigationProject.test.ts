import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, getDefinitions, getReferences, getRenameChanges } from '../../server/src/service';
import { fixture, lineEndings } from '../support/fixture';
import { memoryHost } from '../support/memoryHost';

/** One project over several files; `$0` marks the cursor in the file under test. */
const project: Record<string, string> = {
  '/w/compose.yaml':
    'include:\n  - ./db/compose.yaml\nservices:\n  web:\n    image: x\n    depends_on: [db]\n    networks: [back]\n  worker:\n    extends: {file: ./base.yaml, service: app}\nnetworks:\n  back: {}\n',
  '/w/compose.override.yaml': 'services:\n  web:\n    networks: [back]\n',
  '/w/db/compose.yaml': 'services:\n  db:\n    image: postgres\n',
  '/w/base.yaml': 'services:\n  app:\n    image: busybox\n',
};

const at = (l: { uri: string; range: { start: { line: number; character: number } } }): string =>
  `${l.uri.replace('file:///w/', '')}:${l.range.start.line}:${l.range.start.character}`;

function inProject(name: string, path: string, marked: string, check: (result: ReturnType<typeof run>) => void): void {
  for (const eol of lineEndings) it(`${name} (${eol.name})`, () => check(run(path, marked, eol.apply)));
}

function run(path: string, marked: string, apply: (t: string) => string) {
  const { text, markers } = fixture(apply(marked));
  const files = Object.fromEntries(Object.entries({ ...project, [path]: text }).map(([p, t]) => [p, apply(t)]));
  const context = { host: memoryHost(files) };
  const file = createSourceFile(`file://${path}`, 1, text);
  const position = markers[0] ?? { line: 0, character: 0 };
  return {
    definitions: getDefinitions(file, position, context).map(at),
    references: getReferences(file, position, true, context).map(at),
    rename: Object.entries(getRenameChanges(file, position, 'renamed', context) ?? {}).map(
      ([uri, edits]) => `${uri.replace('file:///w/', '')}×${edits.length}`,
    ),
  };
}

describe('Compose navigation across the files of a project', () => {
  inProject(
    'a service of an included file',
    '/w/compose.yaml',
    (project['/w/compose.yaml'] ?? '').replace('[db]', '[d$0b]'),
    (r) => {
      assert.deepEqual(r.definitions, ['db/compose.yaml:1:2']);
      assert.deepEqual(r.references, ['compose.yaml:5:17', 'db/compose.yaml:1:2']);
    },
  );
  inProject(
    'from the included file back to the file that includes it',
    '/w/db/compose.yaml',
    'services:\n  d$0b:\n    image: postgres\n',
    (r) => {
      assert.deepEqual(r.references, ['db/compose.yaml:1:2', 'compose.yaml:5:17']);
      assert.deepEqual(r.rename, ['db/compose.yaml×1', 'compose.yaml×1']);
    },
  );
  inProject(
    'a network used in the override file and defined in the base',
    '/w/compose.override.yaml',
    'services:\n  web:\n    networks: [ba$0ck]\n',
    (r) => {
      assert.deepEqual(r.definitions, ['compose.yaml:10:2']);
      assert.deepEqual(r.rename, ['compose.override.yaml×1', 'compose.yaml×2']);
    },
  );
  inProject(
    'a service of another file named by extends',
    '/w/compose.yaml',
    (project['/w/compose.yaml'] ?? '').replace('service: app', 'service: a$0pp'),
    (r) => {
      assert.deepEqual(r.definitions, ['base.yaml:1:2']);
      assert.deepEqual(r.rename, ['base.yaml×1', 'compose.yaml×1']);
    },
  );
  inProject(
    'renaming the extended service updates the file that extends it',
    '/w/base.yaml',
    'services:\n  a$0pp:\n    image: busybox\n',
    (r) => {
      assert.deepEqual(r.references, ['base.yaml:1:2', 'compose.yaml:8:42']);
    },
  );
});
