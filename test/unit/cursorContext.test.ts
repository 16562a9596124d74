import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cursorContext, gvkAround, ITEM } from '../../server/src/service/cursor';

/** The text with `$0` removed, and where `$0` stood. */
function at(marked: string): { text: string; position: { line: number; character: number } } {
  const offset = marked.indexOf('$0');
  const before = marked.slice(0, offset).split('\n');
  return {
    text: marked.replace('$0', ''),
    position: { line: before.length - 1, character: before[before.length - 1]?.length ?? 0 },
  };
}

// The cursor is read from the lines around it, climbing out by indentation and stopping at `---` lines; these hold the
// document boundaries, comments, blank and tab-only lines that the climb and the siblings' walk step over.
describe('where the cursor stands, read from the lines around it', () => {
  it('climbs out of a deep block past blank, comment and tab-only lines to the top-level key', () => {
    const { text, position } = at(
      'services:\n  web:\n    image: x\n\n  # a comment\n  db:\n    environment:\n      A: 1\n \t\n      # deeper\n      $0\n',
    );
    const cursor = cursorContext(text, position);
    assert.deepEqual(cursor.path, ['services', 'db', 'environment']);
    assert.equal(cursor.at, 'key');
    assert.deepEqual([...cursor.siblings], ['A']);
  });

  it('stops at the `---` above: the keys of the document before are not its path or its siblings', () => {
    const { text, position } = at('kind: Service\nspec:\n  ports: []\n---\nspec:\n  $0\n  replicas: 2\n---\n  paused: true\n');
    const cursor = cursorContext(text, position);
    assert.deepEqual(cursor.path, ['spec']);
    assert.deepEqual([...cursor.siblings], ['replicas'], 'not ports above the separator, not paused below the next');
  });

  it('on a `---` line, nothing above belongs to the document', () => {
    const { text, position } = at('kind: A\nname: x\n---$0\nkind: B\n');
    const cursor = cursorContext(text, position);
    assert.deepEqual(cursor.path, []);
    assert.deepEqual([...cursor.siblings], ['kind'], 'only the keys below the separator');
  });

  it('a list item’s key takes the list’s path', () => {
    const { text, position } = at('spec:\n  containers:\n    - name: a\n      $0\n');
    assert.deepEqual(cursorContext(text, position).path, ['spec', 'containers', ITEM]);
  });

  it('reads the apiVersion and kind of the document around a line, not of its neighbours', () => {
    const text = 'apiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\nspec: {}\n---\nkind: Job\n';
    assert.deepEqual(gvkAround(text, 5), { apiVersion: 'apps/v1', kind: 'Deployment' });
    assert.deepEqual(gvkAround(text, 2), { apiVersion: 'apps/v1', kind: 'Deployment' }, 'a `---` line opens the next');
    assert.deepEqual(gvkAround(text, 0), { apiVersion: 'v1', kind: 'Service' });
    assert.deepEqual(gvkAround(text, 7), { kind: 'Job' });
  });
});
