import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type Docker from 'dockerode';
import { StatsWatcher, type EventStreamState } from '../../client/src/engine';
import { eventually } from '../support/preconditions';

/**
 * A fake engine that can go away: while `up`, each events and stats request gets a stream the test can end; while
 * down, each request fails as a refused connection does. A container listed in `gone` answers 404, as a removed one.
 */
function fakeEngine() {
  const engine = {
    up: true,
    gone: new Set<string>(),
    refused: 0,
    events: [] as PassThrough[],
    stats: new Map<string, PassThrough[]>(),
    /** dockerd killed: every open stream ends, every request fails until `up` again. */
    kill(): void {
      engine.up = false;
      for (const s of [...engine.events, ...[...engine.stats.values()].flat()]) if (!s.destroyed) s.end();
    },
    open(id: string): number {
      return (engine.stats.get(id) ?? []).filter((s) => !s.destroyed && !s.readableEnded).length;
    },
  };
  const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const docker = {
    getEvents: () => {
      if (!engine.up) {
        engine.refused++;
        return Promise.reject(refused());
      }
      const stream = new PassThrough();
      engine.events.push(stream);
      return Promise.resolve(stream);
    },
    getContainer: (id: string) => ({
      stats: () => {
        if (!engine.up) return Promise.reject(refused());
        if (engine.gone.has(id)) return Promise.reject(Object.assign(new Error('no such container'), { statusCode: 404 }));
        const stream = new PassThrough();
        engine.stats.set(id, [...(engine.stats.get(id) ?? []), stream]);
        return Promise.resolve(stream);
      },
    }),
  };
  return { engine, docker: docker as unknown as Docker };
}

const sample = (id: string): string =>
  `${JSON.stringify({ id, read: new Date().toISOString(), memory_stats: { usage: 1000, limit: 10_000 } })}\n`;

describe('StatsWatcher across a lost engine', () => {
  it('says disconnected when the engine goes, and reopens the shown streams once its event stream is back', async () => {
    const { engine, docker } = fakeEngine();
    const states: EventStreamState[] = [];
    const seen: string[] = [];
    const watcher = new StatsWatcher(docker, (s) => seen.push(s.id), { onState: (s) => states.push(s), retryMs: 10 });
    try {
      watcher.show(['a', 'b']);
      await eventually(() => (watcher.connected && watcher.openStreams === 2) || undefined, { timeout: 2000, what: 'open' });
      engine.stats.get('a')?.[0]?.write(sample('a'));
      await eventually(() => seen.includes('a') || undefined, { timeout: 2000, what: 'a sample' });

      engine.kill();
      await eventually(() => (!watcher.connected && watcher.openStreams === 0) || undefined, {
        timeout: 2000,
        what: 'the streams to end',
      });
      // Down a while: the event stream is asked for again (and refused) without any stats stream piling up.
      await eventually(() => engine.refused >= 3 || undefined, { timeout: 2000, what: 'the event stream asked for again' });
      assert.equal(watcher.openStreams, 0);
      assert.equal(engine.events.length, 1, 'no event stream opened while down');

      engine.gone.add('b'); // removed while the engine was away: not reopened, not retried
      engine.up = true;
      await eventually(() => (watcher.connected && watcher.openStreams === 1) || undefined, {
        timeout: 2000,
        what: 'the stream of a to reopen',
      });
      assert.deepEqual(states, ['connected', 'disconnected', 'connected']);
      assert.equal(engine.open('a'), 1, 'exactly one stream for a');
      assert.equal(engine.open('b'), 0);
      engine.stats.get('a')?.at(-1)?.write(sample('a'));
      await eventually(() => seen.filter((id) => id === 'a').length === 2 || undefined, {
        timeout: 2000,
        what: 'a sample over the new stream',
      });
    } finally {
      watcher.clear();
    }
    assert.equal(watcher.connected, false);
    assert.equal(watcher.openStreams, 0);
    assert.ok(
      engine.events.every((s) => s.destroyed),
      'the event stream closed once nothing is shown',
    );
  });

  it('holds no event stream while it shows nothing', () => {
    const { engine, docker } = fakeEngine();
    const watcher = new StatsWatcher(docker, () => undefined);
    watcher.show([]);
    assert.equal(engine.events.length, 0);
    assert.equal(watcher.connected, false);
  });
});
