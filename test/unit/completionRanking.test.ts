import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, getCompletions, type CompletionItem } from '../../server/src/service';
import { fixture, lineEndings } from '../support/fixture';

/** The labels in the order an editor shows them: by sortText, else by label (as VS Code sorts). */
function shown(items: readonly CompletionItem[]): string[] {
  return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((item) => item.label);
}

function completeAt(source: string): CompletionItem[] {
  const { text, markers } = fixture(source);
  const position = markers[0];
  assert.ok(position);
  return getCompletions(createSourceFile('file:///w/compose.yaml', 1, text), position);
}

const cases: { name: string; text: string; first: string[]; before?: [string, string] }[] = [
  {
    name: 'a service lists the everyday keys first, image before build before ports',
    text: 'services:\n  web:\n    $0\n',
    first: ['image', 'build', 'ports', 'environment', 'volumes', 'depends_on', 'command', 'restart'],
    before: ['init', 'annotations'],
  },
  {
    name: 'keys already written are not offered, the others keep their rank',
    text: 'services:\n  web:\n    image: nginx\n    $0\n',
    first: ['build', 'ports', 'environment'],
  },
  {
    name: 'the top level starts with services',
    text: '$0\n',
    first: ['services', 'volumes', 'networks', 'name'],
  },
];

describe('completion ranks common Compose keys first', () => {
  for (const c of cases)
    for (const eol of lineEndings)
      it(`${c.name} (${eol.name})`, () => {
        const labels = shown(completeAt(eol.apply(c.text)));
        assert.deepEqual(labels.slice(0, c.first.length), c.first);
        if (c.before) assert.ok(labels.indexOf(c.before[0]) < labels.indexOf(c.before[1]), labels.join(', '));
      });

  it('the rare keys stay alphabetical after the common ones', () => {
    const items = completeAt('services:\n  web:\n    $0\n');
    const rare = items.filter((i) => i.sortText?.startsWith('1')).map((i) => i.label);
    assert.ok(rare.length > 20, `${rare.length} rare keys`);
    assert.deepEqual(
      shown(items).slice(-rare.length),
      [...rare].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('other places keep the schema order (no sortText)', () => {
    const items = completeAt('services:\n  web:\n    healthcheck:\n      $0\n');
    assert.ok(items.length > 0);
    assert.ok(items.every((i) => i.sortText === undefined));
  });
});
