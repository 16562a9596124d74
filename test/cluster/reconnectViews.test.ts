import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  StatsWatcher,
  VIEW_EVENTS,
  watchEngineEvents,
  type ContainerStats,
  type EventStreamState,
} from '../../client/src/engine';
import { oneNodeLabWithSleeper, type OneNodeLab } from '../support/deployLab';
import { eventually } from '../support/preconditions';
import { repoRoot } from '../support/paths';

/**
 * The engine connection dropped under the views' long-lived streams: dockerd of a lab this file starts for itself
 * (lab `sk9`, never the machine's engine) is killed and started again, twice. A stats stream (`StatsWatcher`, as the
 * topology view, the stats panel, the explorer and `stevedore stats` keep them) and an event stream with a view's
 * filter (`watchEngineEvents` with the Images/Volumes/Networks views' `VIEW_EVENTS.resources`) each say disconnected,
 * then come back by themselves; the listeners and the process's handles are the same after each restart as before
 * the first, and none is left once they are stopped. Beside them, `stevedore stats` (the shipped CLI) says it was
 * disconnected and reconnected, and prints tables again.
 */
const LAB = 'sk9';

describe('connection loss (a test-owned engine): a stats stream and a view event stream', () => {
  let lab: OneNodeLab;
  let containerId: string;

  before(async () => {
    ({ lab, containerId } = await oneNodeLabWithSleeper(LAB, 'sk9stats'));
  });
  after(async () => {
    await lab?.down();
  });

  it('both say disconnected at each dockerd kill and come back after each restart; nothing grows', async () => {
    const handles = (): number => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
    const baseline = handles();
    const docker = lab.engine.docker;
    const samples: { at: number; stats: ContainerStats }[] = [];
    const statsStates: EventStreamState[] = [];
    const viewStates: EventStreamState[] = [];
    let events = 0;
    const watcher = new StatsWatcher(docker, (stats) => samples.push({ at: Date.now(), stats }), {
      onState: (s) => statsStates.push(s),
      retryMs: 500,
    });
    const watch = watchEngineEvents(docker, VIEW_EVENTS.resources, {
      onEvent: () => events++,
      onState: (s) => viewStates.push(s),
      retryMs: 500,
    });
    // A sample of the running container (memory in use), taken after `since`.
    const sampledSince = (since: number): true | undefined =>
      samples.some((s) => s.at > since && s.stats.id === containerId && s.stats.memoryBytes > 0) || undefined;
    // The CLI's stats, following the same container on the lab's engine until Ctrl-C.
    const env = { ...process.env };
    delete env['DOCKER_HOST'];
    delete env['DOCKER_CONTEXT'];
    const cli = spawn(
      process.execPath,
      [join(repoRoot, 'dist', 'cli.js'), 'stats', 'sk9stats', '--host', lab.engine.endpoint.url],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let cliOut = '';
    cli.stdout.on('data', (chunk: Buffer) => (cliOut += chunk.toString()));
    cli.stderr.on('data', (chunk: Buffer) => (cliOut += chunk.toString()));
    const cliExit = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
    const notesSaying = (word: string): number => cliOut.split('\n').filter((line) => line.startsWith(`-- ${word} `)).length;
    const tables = (text: string): number => text.split('\n').filter((line) => line.startsWith('sk9stats ')).length;
    try {
      watcher.show([containerId]);
      await eventually(() => tables(cliOut) > 0 || undefined, { timeout: 30_000, what: `the CLI's first table: ${cliOut}` });
      await eventually(() => (watch.connected && watcher.connected && sampledSince(0)) || undefined, {
        timeout: 20_000,
        what: 'the first samples and both event streams',
      });
      assert.equal(watcher.openStreams, 1);
      const listeners = watch.listeners;
      assert.ok(listeners >= 3, `the view's stream has its data, end and error listeners (${listeners})`);
      const connectedHandles = handles();

      for (const round of [1, 2]) {
        await lab.kill();
        await eventually(() => (!watch.connected && !watcher.connected && watcher.openStreams === 0) || undefined, {
          timeout: 20_000,
          what: `round ${round}: both to say disconnected and the stats stream to end`,
        });
        assert.equal(watch.listeners, 0, 'no listener kept on the dead stream');
        // The CLI is another process, retrying every 2 s: wait for it too, so that each round is its own.
        await eventually(() => notesSaying('disconnected') >= round || undefined, {
          timeout: 30_000,
          what: `round ${round}: the CLI to say disconnected: ${cliOut}`,
        });
        const restarted = Date.now();
        await lab.restart();
        await eventually(() => (watch.connected && watcher.connected) || undefined, {
          timeout: 60_000,
          what: `round ${round}: both event streams to reconnect`,
        });
        const reconnected = Date.now() - restarted;
        await eventually(() => notesSaying('reconnected') >= round || undefined, {
          timeout: 30_000,
          what: `round ${round}: the CLI to say reconnected: ${cliOut}`,
        });
        await eventually(() => sampledSince(restarted), {
          timeout: 60_000,
          what: `round ${round}: a sample of the container over a reopened stats stream`,
        });
        console.log(
          `# round ${round}: the event streams reconnected ${reconnected} ms and the stats stream sampled again ${Date.now() - restarted} ms after node-up began`,
        );
        assert.equal(watcher.openStreams, 1, 'exactly one stats stream for the one container');
        assert.equal(watch.listeners, listeners, 'the same listeners as before the first restart');
        await eventually(() => handles() <= connectedHandles || undefined, {
          timeout: 20_000,
          what: `round ${round}: no more handles than before the first restart (${connectedHandles})`,
        });
      }
      assert.deepEqual(viewStates, ['connected', 'disconnected', 'connected', 'disconnected', 'connected']);
      assert.deepEqual(statsStates, ['connected', 'disconnected', 'connected', 'disconnected', 'connected']);
      // The CLI said each loss and each return, and prints tables after the last.
      const notes = cliOut.split('\n').filter((line) => line.startsWith('-- '));
      assert.deepEqual(notes, [
        '-- disconnected from the engine; reconnecting… (Ctrl-C stops)',
        '-- reconnected to the engine',
        '-- disconnected from the engine; reconnecting… (Ctrl-C stops)',
        '-- reconnected to the engine',
      ]);
      await eventually(() => tables(cliOut.slice(cliOut.lastIndexOf('-- reconnected'))) > 0 || undefined, {
        timeout: 30_000,
        what: "the CLI's table after the second restart",
      });

      // The view's reopened stream carries its events: a volume created and removed.
      const before = events;
      const volume = await docker.createVolume({ Name: 'sk9views' });
      await eventually(() => events > before || undefined, { timeout: 20_000, what: 'a volume event over the new stream' });
      await docker.getVolume(volume.name).remove();
    } finally {
      watch.stop();
      watcher.clear();
      cli.kill('SIGINT');
    }
    assert.equal(await cliExit, 0, `Ctrl-C ends stevedore stats cleanly: ${cliOut}`);
    assert.equal(watcher.openStreams, 0);
    assert.equal(watcher.connected, false, 'the stats watcher stopped its event stream');
    await eventually(() => handles() <= baseline || undefined, { timeout: 20_000, what: 'no socket or timer left behind' });
  });
});
