import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { followServiceLogs, type LogLine } from '../../client/src/engine';
import { oneNodeLab, type OneNodeLab } from '../support/deployLab';
import { eventually } from '../support/preconditions';
import { BUSYBOX_IMAGE } from '../support/busyboxImage';

/**
 * A swarm service's log follow when the manager's engine goes away and comes back (lab `sl1`, this file's own): it
 * says the stream ended, follows again from that moment once the engine answers, and says when the service is gone.
 */
const LAB = 'sl1';
const SERVICE = 'sdsl1-ticker';

describe('a swarm service’s log follow across an engine restart (a test-owned one-node swarm)', () => {
  let lab: OneNodeLab;

  before(async () => {
    lab = await oneNodeLab(LAB);
    await lab.engine.docker.createService({
      Name: SERVICE,
      Labels: { 'org.stevedore.test': 'serviceLogsReconnect' },
      TaskTemplate: {
        ContainerSpec: {
          Image: BUSYBOX_IMAGE,
          Command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.3; done'],
          Init: true,
        },
        RestartPolicy: { Condition: 'any', Delay: 100_000_000 },
      },
      Mode: { Replicated: { Replicas: 1 } },
    });
  });
  after(async () => {
    await lab?.down();
  });

  it('reconnects after dockerd is killed and started again, then says the service is gone when it is removed', async () => {
    const lines: LogLine[] = [];
    const notes: string[] = [];
    const follower = followServiceLogs(lab.engine.docker, {
      service: SERVICE,
      onLine: (l) => lines.push(l),
      onNote: (n) => notes.push(n),
      reconnectMaxMs: 500,
    });
    try {
      await follower.ready;
      await eventually(() => lines.length >= 2 || undefined, { timeout: 60_000, what: 'the first ticks' });
      assert.match(lines[0]?.source ?? '', new RegExp(`^${SERVICE}\\.1@`));

      await lab.kill();
      await eventually(() => notes.includes('lost the connection to the engine; reconnecting…') || undefined, {
        timeout: 20_000,
        what: 'the follow to say the stream ended',
      });
      const before = lines.length;
      await lab.restart();
      await eventually(() => notes.includes('reconnected to the engine') || undefined, {
        timeout: 60_000,
        what: 'the follow to reconnect',
      });
      // The task runs again after the restart (its restart policy), and its new lines come over the new stream.
      await eventually(() => lines.length > before + 2 || undefined, { timeout: 60_000, what: 'ticks after the restart' });
      assert.ok(
        lines.slice(before).every((l) => l.source.startsWith(`${SERVICE}.1@`) && /^tick \d+$/.test(l.text)),
        JSON.stringify(lines.slice(before, before + 5)),
      );

      await lab.engine.docker.getService(SERVICE).remove();
      await eventually(() => notes.find((n) => n.endsWith('the log ends here')), {
        timeout: 60_000,
        what: 'the follow to say the service is gone',
      });
      assert.equal(notes.at(-1), `service ${SERVICE} was removed: the log ends here`);
    } finally {
      console.log(`# notes: ${JSON.stringify(notes)}; lines: ${lines.length}`);
      follower.stop();
    }
  });
});
