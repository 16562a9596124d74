import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, imageCompletions, imagePlace, type LocalImage } from '../../server/src/service';
import { fixture, lineEndings } from '../support/fixture';

const images: LocalImage[] = [
  { repository: 'nginx', tags: ['1.27', 'latest'] },
  { repository: 'redis', tags: ['7'] },
  { repository: 'registry.local:5000/app', tags: ['dev'] },
];

const cases: { name: string; path: string; text: string; labels: string[] | undefined; replaced?: number }[] = [
  {
    name: 'names on a compose image',
    path: '/w/compose.yaml',
    text: 'services:\n  web:\n    image: $0\n',
    labels: ['nginx', 'redis', 'registry.local:5000/app'],
  },
  {
    name: 'a typed prefix, half-typed file',
    path: '/w/compose.yaml',
    text: 'services:\n  web:\n    image: re$0\n  db: {image: x\n',
    labels: ['redis', 'registry.local:5000/app'],
    replaced: 2,
  },
  {
    name: 'tags after the colon',
    path: '/w/compose.yaml',
    text: 'services:\n  web:\n    image: "nginx:l$0\n',
    labels: ['latest'],
    replaced: 1,
  },
  {
    name: 'a registry port is not a tag',
    path: '/w/compose.yaml',
    text: 'services:\n  web:\n    image: registry.local:5000/app:$0\n',
    labels: ['dev'],
    replaced: 0,
  },
  {
    name: 'a manifest container image',
    path: '/w/pod.yaml',
    text: 'apiVersion: v1\nkind: Pod\nspec:\n  initContainers:\n    - name: a\n      image: ng$0\n',
    labels: ['nginx'],
    replaced: 2,
  },
  { name: 'not on other keys', path: '/w/compose.yaml', text: 'services:\n  web:\n    hostname: $0\n', labels: undefined },
  { name: 'not on a key named image elsewhere', path: '/w/compose.yaml', text: 'x-meta:\n  image: $0\n', labels: undefined },
];

describe('image name completion', () => {
  for (const c of cases)
    for (const eol of lineEndings)
      it(`${c.name} (${eol.name})`, () => {
        const { text, markers } = fixture(eol.apply(c.text));
        const position = markers[0];
        assert.ok(position);
        const place = imagePlace(createSourceFile(`file://${c.path}`, 1, text), position);
        if (c.labels === undefined) return assert.equal(place, undefined);
        assert.ok(place);
        const items = imageCompletions(place, images);
        assert.deepEqual(
          items.map((i) => i.label),
          c.labels,
        );
        if (c.replaced !== undefined)
          for (const item of items) assert.equal(item.edit?.range.start.character, position.character - c.replaced);
      });
});
