import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stackPs, type StackTaskStatus } from '../../client/src/engine';
import { eventually } from '../support/preconditions';
import { deployText, startLab, swarmLab, type Lab } from '../support/swarmLab';
import { stevedore } from '../support/stevedoreCli';

/** Losing a node of a three-node swarm (its dockerd and containers killed) and getting it back. */

const STACK = 'sdlabloss';
const stackFile = `
version: "3.8"
services:
  web:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    deploy: {replicas: 6}
`;

async function webTasks(lab: Lab): Promise<readonly StackTaskStatus[]> {
  const [web] = await stackPs(lab.manager, STACK);
  return web?.tasks ?? [];
}

const runningOn = (tasks: readonly StackTaskStatus[], node: string): number =>
  tasks.filter((t) => t.node === node && t.desiredState === 'running' && t.state === 'running').length;

describe('node loss on a three-node swarm', () => {
  let lab: Lab;

  before(async () => {
    lab = await startLab('sl');
    const { converged } = await deployText(lab.manager, STACK, stackFile);
    assert.ok(converged.ok, converged.message);
    assert.equal(runningOn(await webTasks(lab), 'node3'), 2);
  });
  after(async () => {
    await lab?.down();
  });

  it('shows the lost node down and its tasks rescheduled on the others', async () => {
    await swarmLab('node-down', 'sl', '3');
    const tasks = await eventually(
      async () => {
        const tasks = await webTasks(lab);
        const lost = tasks.filter((t) => t.node === 'node3');
        const running = runningOn(tasks, 'node1') + runningOn(tasks, 'node2');
        return lost.length > 0 && lost.every((t) => t.nodeState === 'down') && running === 6 ? tasks : undefined;
      },
      { timeout: 60_000, what: 'node3 down and 6 tasks running elsewhere' },
    );
    // The tasks that ran on node3 are still listed there, no longer wanted; their slots run on node1 and node2.
    const lost = tasks.filter((t) => t.node === 'node3');
    assert.equal(lost.length, 2);
    for (const t of lost) {
      assert.equal(t.desiredState, 'shutdown');
      const replacement = tasks.find((r) => r.slot === t.slot && r.desiredState === 'running');
      assert.match(replacement?.node ?? '', /^node[12]$/, `slot ${t.slot} should run again on node1 or node2`);
      assert.equal(replacement?.nodeState, 'ready');
    }
  });

  it('shows the same in `stevedore ps` through the manager socket', () => {
    const run = stevedore('ps', STACK, '--host', `unix://${lab.socket(1)}`);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split('\n');
    assert.match(lines[0] ?? '', /^sdlabloss_web {2}replicated {2}6\/6 {2}stevedore\/busybox:local/);
    assert.equal(lines.filter((l) => /node[12] \(ready, active\) {2}running \(desired running\)/.test(l)).length, 6);
    assert.equal(lines.filter((l) => /node3 \(down, active\) {2}\w+ \(desired shutdown\)/.test(l)).length, 2);
  });

  it('shows the node ready again once it is back', async () => {
    await swarmLab('node-up', 'sl', '3');
    await eventually(
      async () => {
        const lost = (await webTasks(lab)).filter((t) => t.node === 'node3');
        return lost.length > 0 && lost.every((t) => t.nodeState === 'ready') ? true : undefined;
      },
      { timeout: 60_000, what: 'node3 ready again' },
    );
    // Swarm does not move running tasks back by itself; the six keep running where they are.
    const tasks = await webTasks(lab);
    assert.equal(runningOn(tasks, 'node1') + runningOn(tasks, 'node2'), 6);
  });
});
