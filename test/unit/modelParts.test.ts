import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, isScalar, type Node } from 'yaml';
import { buildComposeModel, ComposeModelParts, parseYamlFile, type ComposeModel, type YamlFile } from '@stevedore/model';

const lookup = (name: string): string | undefined => ({ TAG: '1.2', PORT: '80' })[name];

/** Every pointer the model can answer, read from the value it built (entries and items, recursively). */
function pointers(value: unknown, at = ''): string[] {
  const below =
    value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, v]) => pointers(v, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`))
      : [];
  return [at, ...below];
}

/** What a model answers: its value, every pointer's node, key and ranges, and the interpolated strings. */
function answers(model: ComposeModel): unknown {
  return {
    value: model.value,
    truncated: model.truncated,
    pointers: pointers(model.value).map((p) => [
      p,
      model.info(p)?.node,
      model.info(p)?.key,
      model.keyRange(p),
      model.valueRange(p),
    ]),
    missing: [model.info('/services/nope/image'), model.info('/services/web/nope'), model.info('/nope')],
    interpolated: [...model.interpolated()].map(([p, info]) => [p, info.interpolation?.value]),
  };
}

const first = (file: YamlFile): Parameters<typeof buildComposeModel>[1] => {
  const document = file.documents[0];
  assert.ok(document);
  return document;
};

describe('model: a Compose model built from kept parts', () => {
  const text = [
    'name: demo',
    'services:',
    '  web:',
    '    image: nginx:${TAG}',
    '    ports: ["${PORT}:80"]',
    '    depends_on: [db]',
    '  db:',
    '    image: postgres',
    '    environment:',
    '      POSTGRES_DB: app',
    'networks:',
    '  front: {}',
    'x-notes:',
    '  owner: { team: core }',
    '',
  ].join('\n');

  it('answers as the model built without parts, and reuses every part on the next build', () => {
    const file = parseYamlFile(text);
    const plain = buildComposeModel(file, first(file), lookup);
    const parts = new ComposeModelParts();
    parts.use('vars');
    const built = buildComposeModel(file, first(file), lookup, parts);
    assert.deepEqual(answers(built), answers(plain));
    assert.deepEqual([parts.reused, parts.walked], [0, 4]);
    const again = buildComposeModel(file, first(file), lookup, parts);
    assert.deepEqual(answers(again), answers(plain));
    // web, db, front and owner: two levels down, each taken as it was.
    assert.deepEqual([parts.reused, parts.walked], [4, 0]);
    // Other variables: nothing is reused.
    parts.use('other');
    buildComposeModel(file, first(file), lookup, parts);
    assert.equal(parts.reused, 0);
  });

  it('takes a kept part wherever its node now lies, with its pointers under the new place', () => {
    const file = parseYamlFile(text);
    const parts = new ComposeModelParts();
    buildComposeModel(file, first(file), lookup, parts);
    // The same `web` node, moved one level deeper under another key (as a syntax error's recovery nests services).
    const document = first(file);
    const services = (document.contents as { items: { key: Node; value: unknown }[] }).items[1]?.value;
    assert.ok(isMap(services));
    const web = services.items[0];
    assert.ok(web && isScalar(web.key));
    const nested = parseYamlFile('services:\n  outer:\n    inner: 1\n');
    const outer = (first(nested).contents as { items: { value: unknown }[] }).items[0]?.value;
    assert.ok(isMap(outer));
    const outerMap = (outer.items[0] as { value: unknown }).value;
    assert.ok(isMap(outerMap));
    outerMap.items.push(web);
    const withParts = buildComposeModel(nested, first(nested), lookup, parts);
    const without = buildComposeModel(nested, first(nested), lookup);
    assert.equal(parts.reused, 1);
    assert.deepEqual(answers(withParts), answers(without));
    assert.equal(withParts.info('/services/outer/web/image')?.interpolation?.value, 'nginx:1.2');
  });

  it('keeps no part that reads outside itself, and reads repeated names as the plain walk does', () => {
    for (const source of [
      'x-base: &base\n  image: a\nservices:\n  web:\n    <<: *base\n    ports: [1]\n  db:\n    image: *img\n',
      'services:\n  web:\n    image: a\n    ports: [1]\n  web:\n    labels: {a: b}\n',
      'services:\n  web:\n    image: a\nservices:\n  web:\n    ports: [2]\n  db: {image: b}\n',
    ]) {
      const file = parseYamlFile(source);
      const parts = new ComposeModelParts();
      buildComposeModel(file, first(file), lookup, parts);
      const again = buildComposeModel(file, first(file), lookup, parts);
      assert.deepEqual(answers(again), answers(buildComposeModel(file, first(file), lookup)), source);
    }
    // A merge inside the service: the part is walked again on every build.
    const merged = parseYamlFile('x-base: &base\n  image: a\nservices:\n  web:\n    <<: *base\n    ports: [1]\n');
    const parts = new ComposeModelParts();
    buildComposeModel(merged, first(merged), lookup, parts);
    buildComposeModel(merged, first(merged), lookup, parts);
    assert.deepEqual([parts.reused, parts.walked], [0, 1]);
  });
});
