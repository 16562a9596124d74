import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { followLogs, openShell, type Engine, type LogLine } from '../../client/src/engine';
import { eventually, testEngine } from '../support/preconditions';

const LABEL = 'org.stevedore.logs-test=sdlogs';

describe('logs and shells on the real engine', () => {
  let engine: Engine;
  const made: Docker.Container[] = [];

  const start = async (name: string, script: string, tty = false): Promise<Docker.Container> => {
    const c = await engine.docker.createContainer({
      name,
      Image: 'stevedore/busybox:local',
      Cmd: ['sh', '-c', script],
      Tty: tty,
      Labels: { 'org.stevedore.logs-test': 'sdlogs' },
    });
    made.push(c);
    await c.start();
    return c;
  };

  before(async () => {
    engine = await testEngine({ image: true });
    for (const c of await engine.docker.listContainers({ all: true, filters: { label: [LABEL] } }))
      await engine.docker.getContainer(c.Id).remove({ force: true });
  });
  after(async () => {
    await Promise.all(made.map((c) => c.remove({ force: true }).catch(() => undefined)));
    await engine.dispose();
  });

  it('merges the lines of several containers, stdout and stderr, and follows one across a restart', async () => {
    const a = await start('sdlogs-a', 'echo a-out; echo a-err >&2; echo "ünïcödé ✓"; exec sleep 3600');
    await start('sdlogs-b', 'echo b-out; exec sleep 3600', true);
    const lines: LogLine[] = [];
    const notes: string[] = [];
    const follower = followLogs(engine.docker, { labels: [LABEL], onLine: (l) => lines.push(l), onNote: (n) => notes.push(n) });
    try {
      await follower.ready;
      const has = (source: string, text: string, stream?: string): boolean =>
        lines.some((l) => l.source === source && l.text === text && (!stream || l.stream === stream));
      await eventually(
        () => has('sdlogs-a', 'a-out', 'stdout') && has('sdlogs-a', 'a-err', 'stderr') && has('sdlogs-b', 'b-out'),
        { timeout: 10_000, what: 'both containers’ lines', interval: 50 },
      );
      assert.ok(has('sdlogs-a', 'ünïcödé ✓'), 'multibyte characters arrive whole');
      await a.restart({ t: 0 });
      await eventually(() => lines.filter((l) => l.source === 'sdlogs-a' && l.text === 'a-out').length >= 2, {
        timeout: 15_000,
        what: 'a’s lines after its restart',
        interval: 50,
      });
      assert.ok(notes.some((n) => /sdlogs-a stopped/.test(n)));
    } finally {
      follower.stop();
    }
  });

  it('opens bash when there is one, else sh, in one exec; a missing chosen shell falls back to sh', async () => {
    const c = await start('sdlogs-shell', 'exec sleep 3600');
    const session = await openShell(engine.docker, c.id, { shell: 'zsh', columns: 80, rows: 24 });
    let output = '';
    session.stream.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await eventually(() => /zsh not found; using sh/.test(output), { timeout: 10_000, what: 'the fallback note', interval: 50 });
    session.stream.write('exit 4\n');
    assert.equal(await session.exitCode(), 4);
    await c.stop({ t: 0 });
    await assert.rejects(openShell(engine.docker, c.id, { columns: 80, rows: 24 }), /sdlogs-shell is not running \(exited\)/);
  });
});
