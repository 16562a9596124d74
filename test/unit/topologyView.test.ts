import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSourceFile, getTopology, type Topology } from '../../server/src/service';
import { layoutTopology, type GraphLayout } from '../../client/src/views/topology/layout';
import { exportableSvg, renderTopologySvg } from '../../client/src/views/topology/render';
import { memoryHost } from '../support/memoryHost';
import { repoRoot } from '../support/paths';

const text = readFileSync(join(repoRoot, 'test', 'fixtures', 'topology', 'compose', 'compose.yaml'), 'utf8');
function fixtureTopology(source = text): Topology {
  const result = getTopology(createSourceFile('file:///w/compose.yaml', 1, source), { host: memoryHost({}) });
  assert.ok(!('unavailable' in result));
  return result;
}

const overlaps = (layout: GraphLayout): string[] =>
  layout.nodes.flatMap((a, i) =>
    layout.nodes
      .slice(i + 1)
      .filter((b) => Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2)
      .map((b) => `${a.id} / ${b.id}`),
  );

describe('the topology view’s layout and SVG', () => {
  it('places every node inside the picture without overlaps, and routes every edge', () => {
    const layout = layoutTopology(fixtureTopology());
    assert.equal(layout.nodes.length, 14);
    assert.deepEqual(overlaps(layout), []);
    for (const n of layout.nodes) {
      assert.ok(n.x - n.width / 2 >= 0 && n.x + n.width / 2 <= layout.width, `${n.id} inside horizontally`);
      assert.ok(n.y - n.height / 2 >= 0 && n.y + n.height / 2 <= layout.height, `${n.id} inside vertically`);
    }
    assert.equal(layout.edges.length, 17);
    assert.ok(layout.edges.every((e) => e.points.length >= 2));
    // A port before its service; networks, volumes, secrets and configs in one column right of every service.
    const node = (id: string): { x: number; width: number } => layout.nodes.find((n) => n.id === id) ?? { x: NaN, width: NaN };
    const left = (id: string): number => node(id).x - node(id).width / 2;
    assert.ok(left('port:8080/tcp') < left('service:web'));
    const services = layout.nodes.filter((n) => n.kind === 'service').map((n) => n.x + n.width / 2);
    const column = ['network:back', 'volume:data', 'secret:db_password', 'config:api_config'].map(left);
    assert.ok(
      column.every((x) => x === column[0] && x > Math.max(...services)),
      column.join(', '),
    );
    assert.deepEqual([...layout.cycleNodes].sort(), ['service:queue', 'service:worker']);
    assert.deepEqual(
      layout.edges.filter((e) => e.inCycle).map((e) => `${e.from}>${e.to}`),
      ['service:queue>service:worker', 'service:worker>service:queue'],
    );
  });

  it('lays out the same graph the same way every time', () => {
    const first = layoutTopology(fixtureTopology());
    const again = layoutTopology(fixtureTopology());
    assert.deepEqual(again, first);
  });

  it('draws focusable, named nodes with their state, red dangling edges, and escapes text', () => {
    const topology = fixtureTopology(text.replace('image: nginx:1.27', 'image: "nginx:<&>"'));
    const live = new Map([['service:web', { state: 'running', text: '1/1 running' }]]);
    const svg = renderTopologySvg(layoutTopology(topology), live, { project: 'shop' });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(
      svg,
      /<g class="node kind-service state-running" data-id="service:web" data-index="\d+" tabindex="0" role="button"/,
    );
    assert.match(svg, /aria-label="service web, 1 replica · nginx:&lt;&amp;&gt; · 1\/1 running"/);
    assert.match(
      svg,
      /data-vscode-context="\{&quot;webviewSection&quot;:&quot;service&quot;,&quot;project&quot;:&quot;shop&quot;,&quot;service&quot;:&quot;web&quot;/,
    );
    assert.match(svg, /<g class="node kind-volume missing" data-id="volume:cache"/);
    assert.match(svg, /<g class="edge kind-mount missing" data-from="service:db" data-to="volume:cache"/);
    assert.match(svg, /<g class="node kind-service cycle" data-id="service:worker"/);
    assert.doesNotMatch(svg, /<script|https?:\/\/(?!www\.w3\.org)/, 'nothing runs or loads from elsewhere');
    const file = exportableSvg(svg);
    assert.match(file, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg [^>]*><style>/);
    assert.match(file, /var\(--vscode-errorForeground, #e51400\)/, 'theme colours with fallbacks');
  });
});
