import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openShell, shellEnd, watchEngineEvents, type EventStreamState, type ShellEnd } from '../../client/src/engine';
import { oneNodeLabWithSleeper, type OneNodeLab } from '../support/deployLab';
import { eventually } from '../support/preconditions';

/**
 * The engine connection dropped under a shell and under the explorer's event stream: dockerd of a lab this file starts
 * for itself (lab `sk8`, never the machine's engine) is killed and started again. Each says it is disconnected, none
 * hangs, the event stream opens again by itself, a new shell opens once the engine is back, and nothing is left
 * listening or running once they are stopped.
 */
const LAB = 'sk8';

describe('connection loss (a test-owned engine): the shell and the event stream', () => {
  let lab: OneNodeLab;
  let containerId: string;

  before(async () => {
    ({ lab, containerId } = await oneNodeLabWithSleeper(LAB, 'sk8reconnect'));
  });
  after(async () => {
    await lab?.down();
  });

  it('both say disconnected when dockerd is killed; the stream reconnects and a shell opens again after the restart', async () => {
    const handles = (): number => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
    const baseline = handles();
    const states: EventStreamState[] = [];
    let events = 0;
    const watch = watchEngineEvents(
      lab.engine.docker,
      { type: ['container'] },
      { onEvent: () => events++, onState: (s) => states.push(s), retryMs: 500 },
    );
    const size = { columns: 80, rows: 24 };
    const shell = await openShell(lab.engine.docker, containerId, size);
    try {
      await eventually(() => states.includes('connected') || undefined, { timeout: 20_000, what: 'the event stream' });
      let output = '';
      shell.stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
      shell.stream.write('echo sk8-$((6*7))\n');
      await eventually(() => output.includes('sk8-42') || undefined, { timeout: 20_000, what: 'the shell to answer' });
      const dataListeners = shell.stream.listenerCount('data');

      const killed = Date.now();
      await lab.kill();
      const end = await withDeadline(shellEnd(shell), 20_000, 'the shell to end');
      console.log(`# the shell said it was disconnected ${Date.now() - killed} ms after the kill began`);
      assert.equal(end.kind, 'disconnected', JSON.stringify(end));
      await eventually(() => states.at(-1) === 'disconnected' || undefined, {
        timeout: 20_000,
        what: 'the event stream to say disconnected',
      });
      assert.equal(watch.connected, false);
      assert.equal(shell.stream.listenerCount('data'), dataListeners, 'no listener added while disconnected');

      const restarted = Date.now();
      await lab.restart();
      await eventually(() => watch.connected || undefined, { timeout: 60_000, what: 'the event stream to reconnect' });
      console.log(`# the event stream reconnected ${Date.now() - restarted} ms after node-up began`);
      assert.deepEqual(states, ['connected', 'disconnected', 'connected']);
      // Events flow over the new stream, and a new shell opens in the container its restart policy started again.
      const before = events;
      await eventually(async () => (await lab.engine.docker.getContainer(containerId).inspect()).State.Running || undefined, {
        timeout: 30_000,
        what: 'the container to run again',
      });
      const again = await openShell(lab.engine.docker, containerId, size);
      again.stream.write('exit 3\n');
      assert.deepEqual(await withDeadline(shellEnd(again), 20_000, 'the new shell to exit'), {
        kind: 'exited',
        code: 3,
      } satisfies ShellEnd);
      again.stream.destroy();
      await eventually(() => events > before || undefined, { timeout: 20_000, what: 'an event over the new stream' });
    } finally {
      watch.stop();
      shell.stream.destroy();
    }
    await eventually(() => handles() <= baseline || undefined, { timeout: 20_000, what: 'no socket or timer left behind' });
  });
});

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms (a hang)`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
