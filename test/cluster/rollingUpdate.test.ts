import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { stackPs, type ServiceConvergence } from '../../client/src/engine';
import { deployText, startLab, type Lab } from '../support/swarmLab';

/** Rolling updates across three nodes: update_config honoured, and a failed update rolled back and reported live. */

const STACK = 'sdlabroll';
const stackFile = (image: string, generation: number): string => `
version: "3.8"
services:
  web:
    image: ${image}
    command: ["sleep", "3600"]
    init: true
    environment: {GEN: "${generation}"}
    deploy:
      replicas: 3
      update_config: {parallelism: 1, delay: 2s, order: start-first, failure_action: rollback, monitor: 2s, max_failure_ratio: 0}
      rollback_config: {parallelism: 0, order: stop-first, monitor: 2s}
`;

type RawTask = {
  ID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  CreatedAt: string;
  Status: { State: string; Timestamp: string };
  Spec: { ContainerSpec: { Image: string; Env?: string[] } };
};

async function tasksOf(docker: Docker): Promise<RawTask[]> {
  return (await docker.listTasks({ filters: { service: [`${STACK}_web`] } })) as RawTask[];
}

const seen = (progress: readonly (readonly ServiceConvergence[])[], test: (s: ServiceConvergence) => boolean): number =>
  progress.findIndex((report) => report.some(test));

describe('rolling updates on a three-node swarm', () => {
  let lab: Lab;

  before(async () => {
    lab = await startLab('sl');
    const { converged } = await deployText(lab.manager, STACK, stackFile('stevedore/busybox:local', 1));
    assert.ok(converged.ok, converged.message);
  });
  after(async () => {
    await lab?.down();
  });

  it('gives the service the update and rollback settings of the file', async () => {
    const service = (await lab.manager.docker.getService(`${STACK}_web`).inspect()) as Docker.Service;
    assert.deepEqual(service.Spec?.UpdateConfig, {
      Parallelism: 1,
      Delay: 2_000_000_000,
      FailureAction: 'rollback',
      Monitor: 2_000_000_000,
      MaxFailureRatio: 0,
      Order: 'start-first',
    });
    assert.deepEqual(service.Spec?.RollbackConfig, {
      Parallelism: 0,
      FailureAction: 'pause',
      Monitor: 2_000_000_000,
      MaxFailureRatio: 0,
      Order: 'stop-first',
    });
  });

  it('updates one task at a time across the nodes, with the delay between, each new task started before the old one stops', async () => {
    const before = await tasksOf(lab.manager.docker);
    const { converged, progress } = await deployText(lab.manager, STACK, stackFile('stevedore/busybox:local', 2));
    assert.ok(converged.ok, converged.message);
    assert.ok(seen(progress, (s) => s.updateState === 'updating') >= 0, 'the update state is reported while it runs');
    assert.equal(converged.services[0]?.updateState, 'completed');
    const tasks = await tasksOf(lab.manager.docker);
    const fresh = tasks.filter((t) => t.DesiredState === 'running' && !before.some((b) => b.ID === t.ID));
    assert.equal(fresh.length, 3);
    assert.ok(fresh.every((t) => t.Spec.ContainerSpec.Env?.includes('GEN=2')));
    const created = fresh.map((t) => Date.parse(t.CreatedAt)).sort((a, b) => a - b);
    for (let i = 1; i < created.length; i++)
      assert.ok((created[i] ?? 0) - (created[i - 1] ?? 0) >= 1900, `batches ${created.join(', ')} should be ≥ 2 s apart`);
    for (const t of fresh) {
      const old = before.find((b) => b.Slot === t.Slot && b.DesiredState === 'running');
      const stopped = tasks.find((x) => x.ID === old?.ID);
      assert.ok(stopped, `the old task of slot ${t.Slot} should still be listed`);
      assert.notEqual(stopped.DesiredState, 'running');
      assert.ok(
        Date.parse(stopped.Status.Timestamp) >= Date.parse(t.Status.Timestamp),
        `start-first: slot ${t.Slot}'s old task stopped (${stopped.Status.Timestamp}) after the new one ran (${t.Status.Timestamp})`,
      );
    }
  });

  it('rolls back an update to an image that does not exist, reporting the state and the tasks’ errors as it goes', async () => {
    const { converged, progress } = await deployText(lab.manager, STACK, stackFile('stevedore/missing:lab', 3));
    assert.equal(converged.ok, false);
    assert.match(converged.message, /update rolled back: update rolled back due to failure or early termination of task/);
    assert.match(converged.message, /No such image: stevedore\/missing:lab/);
    // Live: the rollback in progress and the task's error were reported before the final verdict.
    const rolling = seen(progress, (s) => s.updateState === 'rollback_started');
    const erred = seen(progress, (s) => s.errors.some((e) => /No such image: stevedore\/missing:lab/.test(e)));
    const final = seen(progress, (s) => s.updateState === 'rollback_completed');
    assert.ok(rolling >= 0 && erred >= 0, 'rollback_started and the error reported');
    assert.ok(rolling < final && erred < final, `reported before the end (${rolling}, ${erred}, ${final})`);
    // The swarm is back on the previous spec: the old image and environment run in all three slots.
    const service = (await lab.manager.docker.getService(`${STACK}_web`).inspect()) as Docker.Service & {
      UpdateStatus?: { State?: string };
    };
    assert.equal(service.UpdateStatus?.State, 'rollback_completed');
    assert.equal(
      (service.Spec?.TaskTemplate as { ContainerSpec?: { Image?: string } }).ContainerSpec?.Image,
      'stevedore/busybox:local',
    );
    const [web] = await stackPs(lab.manager, STACK);
    assert.equal(web?.running, 3);
    const running = (await tasksOf(lab.manager.docker)).filter((t) => t.DesiredState === 'running');
    assert.deepEqual(running.map((t) => t.Slot).sort(), [1, 2, 3]);
    for (const t of running) {
      assert.equal(t.Spec.ContainerSpec.Image, 'stevedore/busybox:local');
      assert.ok(t.Spec.ContainerSpec.Env?.includes('GEN=2'));
    }
    assert.ok(web?.tasks.some((t) => t.state === 'rejected' && t.error === 'No such image: stevedore/missing:lab'));
  });
});
