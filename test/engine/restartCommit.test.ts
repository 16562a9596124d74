import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import {
  commitContainer,
  parseImageReference,
  restartComposeService,
  restartContainer,
  restartStackService,
  type Engine,
} from '../../client/src/engine';
import { BUSYBOX_IMAGE, eventually, testEngine } from '../support/preconditions';

/**
 * Restart (a container, a compose service's containers, a swarm service force-updated) and Save container as image,
 * on the real engine. Everything here is named sdext… and removed by this file.
 */

const PROJECT = 'sdextrs';
const STACK = 'sdextst';
const IMAGE = 'sdext/saved';

describe('restart and save as image on the real engine', () => {
  let engine: Engine;
  const made: string[] = [];

  const composeContainer = async (service: string, n: number): Promise<Docker.Container> => {
    const c = await engine.docker.createContainer({
      name: `${PROJECT}-${service}-${n}`,
      Image: BUSYBOX_IMAGE,
      // A shell that ends on SIGTERM, so a restart does not wait out the stop timeout.
      Cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1 & wait $!; done'],
      Labels: {
        'org.stevedore.test': 'sdext',
        'com.docker.compose.project': PROJECT,
        'com.docker.compose.service': service,
        'com.docker.compose.container-number': String(n),
        'com.docker.compose.oneoff': 'False',
      },
    });
    made.push(c.id);
    await c.start();
    return c;
  };
  const startedAt = async (id: string): Promise<string> => (await engine.docker.getContainer(id).inspect()).State.StartedAt;

  const removeOurs = async (): Promise<void> => {
    for (const c of await engine.docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${PROJECT}`] },
    }))
      await engine.docker.getContainer(c.Id).remove({ force: true });
    for (const s of await engine.docker.listServices({ filters: { label: [`com.docker.stack.namespace=${STACK}`] } }))
      await engine.docker.getService(s.ID).remove();
    for (const i of await engine.docker.listImages({ filters: { reference: [`${IMAGE}`] } }))
      await engine.docker.getImage(i.Id).remove({ force: true });
  };

  before(async () => {
    engine = await testEngine({ image: true, swarm: true });
    await removeOurs();
  });
  after(async () => {
    await Promise.all(
      made.map((id) =>
        engine.docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    await removeOurs();
    await engine.dispose();
  });

  it('restarts one container in place: same id, new StartedAt', async () => {
    const c = await composeContainer('one', 1);
    const before = await startedAt(c.id);
    await restartContainer(engine, c.id);
    const info = await engine.docker.getContainer(c.id).inspect();
    assert.equal(info.State.Running, true);
    assert.notEqual(info.State.StartedAt, before);
  });

  it('restarts every container of a compose service and no other', async () => {
    const web = [await composeContainer('web', 1), await composeContainer('web', 2)];
    const other = await composeContainer('db', 1);
    const before = new Map(await Promise.all([...web, other].map(async (c) => [c.id, await startedAt(c.id)] as const)));
    const result = await restartComposeService(engine, PROJECT, 'web');
    assert.deepEqual(result.errors, []);
    assert.deepEqual([...result.restarted].sort(), [`${PROJECT}-web-1`, `${PROJECT}-web-2`]);
    for (const c of web) assert.notEqual(await startedAt(c.id), before.get(c.id), 'a web container was restarted');
    assert.equal(await startedAt(other.id), before.get(other.id), 'db was left alone');
    await assert.rejects(
      restartComposeService(engine, PROJECT, 'nothere'),
      /service nothere of project sdextrs has no container/,
    );
  });

  it('restarts a swarm service by replacing its tasks (force update)', async () => {
    const { id } = (await engine.docker.createService({
      Name: `${STACK}_web`,
      Labels: { 'com.docker.stack.namespace': STACK, 'org.stevedore.test': 'sdext' },
      TaskTemplate: { ContainerSpec: { Image: BUSYBOX_IMAGE, Command: ['sleep', '3600'], Init: true } },
      Mode: { Replicated: { Replicas: 1 } },
    })) as { id: string };
    type Task = { ID: string; Status?: { State?: string } };
    const running = async (): Promise<Task[]> =>
      ((await engine.docker.listTasks({ filters: { service: [id], 'desired-state': ['running'] } })) as Task[]).filter(
        (t) => t.Status?.State === 'running',
      );
    await eventually(async () => (await running()).length === 1, {
      timeout: 60_000,
      what: 'the first task to run',
      interval: 200,
    });
    const [first] = await running();
    const result = await restartStackService(engine, STACK, 'web');
    assert.deepEqual(result.restarted, [`service ${STACK}_web (force update)`]);
    await eventually(async () => (await running()).some((t) => t.ID !== first?.ID), {
      timeout: 60_000,
      what: 'a new task to replace the first',
      interval: 200,
    });
    const spec = (await engine.docker.getService(id).inspect()) as Docker.Service;
    assert.equal(spec.Spec?.TaskTemplate?.ForceUpdate, 1);
    await assert.rejects(restartStackService(engine, STACK, 'nothere'), /no service nothere in stack sdextst/);
  });

  it('saves a container as an image with the given name and tag', async () => {
    const c = await composeContainer('save', 1);
    await engine.docker
      .getContainer(c.id)
      .exec({ Cmd: ['sh', '-c', 'echo kept > /tmp/mark'] })
      .then((e) => e.start({}));
    await eventually(
      async () => {
        const exec = await engine.docker.getContainer(c.id).exec({ Cmd: ['test', '-f', '/tmp/mark'] });
        await exec.start({});
        for (;;) {
          const info = await exec.inspect();
          if (!info.Running) return info.ExitCode === 0;
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      { timeout: 10_000, what: 'the marker file', interval: 200 },
    );
    const id = await commitContainer(engine, c.id, parseImageReference(`${IMAGE}:v1`), { comment: 'sdext test' });
    assert.match(id, /^sha256:[0-9a-f]{64}$/);
    const image = await engine.docker.getImage(`${IMAGE}:v1`).inspect();
    assert.equal(image.Id, id);
    assert.ok(image.RepoTags?.includes(`${IMAGE}:v1`));
    assert.equal(image.Comment, 'sdext test');
    await assert.rejects(
      commitContainer(engine, 'sdext-no-such-container', parseImageReference(`${IMAGE}:v2`)),
      /cannot save container sdext-no-suc as sdext\/saved:v2: No such container/,
    );
  });
});
