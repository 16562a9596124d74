import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSourceFile, getTopology, type Topology } from '../../server/src/service';
import { anchorLayout } from '../../client/src/views/topology/anchor';
import { layoutTopology, type GraphLayout } from '../../client/src/views/topology/layout';
import { memoryHost } from '../support/memoryHost';
import { repoRoot } from '../support/paths';

const text = readFileSync(join(repoRoot, 'test', 'fixtures', 'topology', 'compose', 'compose.yaml'), 'utf8');
function topologyOf(source: string): Topology {
  const result = getTopology(createSourceFile('file:///w/compose.yaml', 1, source), { host: memoryHost({}) });
  assert.ok(!('unavailable' in result));
  return result;
}

const places = (layout: GraphLayout): Map<string, string> => new Map(layout.nodes.map((n) => [n.id, `${n.x},${n.y}`]));

const overlaps = (layout: GraphLayout): string[] =>
  layout.nodes.flatMap((a, i) =>
    layout.nodes
      .slice(i + 1)
      .filter((b) => Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2)
      .map((b) => `${a.id} / ${b.id}`),
  );

function assertInside(layout: GraphLayout): void {
  for (const n of layout.nodes) {
    assert.ok(n.x - n.width / 2 >= 0 && n.x + n.width / 2 <= layout.width, `${n.id} inside horizontally`);
    assert.ok(n.y - n.height / 2 >= 0 && n.y + n.height / 2 <= layout.height, `${n.id} inside vertically`);
  }
}

/** The services an edit adds: a cache the api depends on, with a port, and a lone admin service. */
const added = text
  .replace('depends_on: [db, worker]', 'depends_on: [db, worker, cache]')
  .replace(
    'networks:\n  front:',
    '  cache:\n    image: redis:7\n    ports: ["6379:6379"]\n  admin:\n    image: example/admin:1\nnetworks:\n  front:',
  );

describe('the topology layout between edits', () => {
  it('keeps every node an edit did not add where it was, and places the new ones near their neighbours', () => {
    const before = layoutTopology(topologyOf(text));
    const fresh = layoutTopology(topologyOf(added));
    const after = anchorLayout(fresh, before);
    const was = places(before);
    const now = places(after);
    assert.deepEqual([...now.keys()].filter((id) => !was.has(id)).sort(), ['port:6379/tcp', 'service:admin', 'service:cache']);
    for (const [id, place] of was) assert.equal(now.get(id), place, `${id} stays`);
    // Without anchoring, the fresh layout moves nodes the edit did not touch: the test measures something.
    assert.ok([...was].some(([id, place]) => places(fresh).get(id) !== place));
    assert.deepEqual(overlaps(after), []);
    assertInside(after);
    const at = (id: string) => after.nodes.find((n) => n.id === id) ?? assert.fail(id);
    const cache = at('service:cache');
    const api = at('service:api');
    assert.ok(Math.hypot(cache.x - api.x, cache.y - api.y) < 400, `cache near api: ${cache.x},${cache.y}`);
    const port = at('port:6379/tcp');
    assert.ok(port.x < cache.x, 'a port before its service, as in a fresh layout');
    assert.equal(after.edges.length, fresh.edges.length);
    assert.ok(after.edges.every((e) => e.points.length >= 2));
  });

  it('leaves the others in place when a node is removed, and keeps the routes between them', () => {
    const before = layoutTopology(topologyOf(added));
    const after = anchorLayout(layoutTopology(topologyOf(text)), before);
    const was = places(before);
    for (const [id, place] of places(after)) assert.equal(place, was.get(id), `${id} stays`);
    assert.equal(after.nodes.length, before.nodes.length - 3);
    const route = (layout: GraphLayout, from: string, to: string) =>
      layout.edges.find((e) => e.from === from && e.to === to)?.points;
    assert.deepEqual(route(after, 'service:web', 'service:api'), route(before, 'service:web', 'service:api'));
    assertInside(after);
  });

  it('is the fresh layout when there is no previous picture', () => {
    const fresh = layoutTopology(topologyOf(text));
    assert.equal(anchorLayout(fresh, undefined), fresh);
  });
});
