import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerStats } from '../../client/src/engine';
import { containerRow, HISTORY_LENGTH, sparkline, StatsHistory } from '../../client/src/views/stats/statsChart';

const sample = (id: string, cpu: number | undefined, memory: number): ContainerStats => ({
  id,
  cpuPercent: cpu,
  memoryBytes: memory,
  memoryLimitBytes: 1024 * 1024 * 100,
  networkRxBytes: 2048,
  networkTxBytes: 1024,
  blockReadBytes: 0,
  blockWriteBytes: 4096,
  pids: 1,
  read: '',
});

describe('the resource-use panel’s history and charts', () => {
  it('keeps the last five minutes of samples per container, and forgets containers that went', () => {
    const history = new StatsHistory();
    for (let i = 0; i < HISTORY_LENGTH + 20; i++) history.add(sample('a', i, i));
    history.add(sample('b', 1, 1));
    assert.equal(history.of('a').length, HISTORY_LENGTH);
    assert.equal(history.of('a')[0]?.cpuPercent, 20, 'the oldest went first');
    history.keep(new Set(['a']));
    assert.deepEqual(history.of('b'), []);
  });

  it('draws a line of the values against their maximum, newest on the right, and a row with the figures', () => {
    const svg = sparkline([0, 50, 100], 100, 'CPU of <web>', 240, 40);
    const points = /points="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
    assert.equal(points.length, 3);
    assert.equal(points[2], '240.0,1.0', 'the newest at the right edge, at the top');
    assert.match(svg, /aria-label="CPU of &lt;web&gt;"/);
    const row = containerRow('web-1', [sample('a', undefined, 10), sample('a', 12.5, 20 * 1024 * 1024)]);
    assert.match(row, /data-container="web-1" data-cpu="12\.5%" data-samples="2"/);
    assert.match(row, /mem 20\.0MiB \/ 100\.0MiB/);
    assert.match(containerRow('web-2', []), /waiting for the first sample/);
  });
});
