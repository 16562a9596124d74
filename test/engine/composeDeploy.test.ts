import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject, type ComposeProject } from '../../server/src/service';
import {
  applyComposePlan,
  composeDown,
  composePs,
  isEmptyPlan,
  planComposeDeploy,
  planComposeScale,
  type ComposePlan,
  type Engine,
} from '../../client/src/engine';
import { testEngine } from '../support/preconditions';
import { freePort, getWhenReady } from '../support/net';

const PROJECT = 'sdcompose';

const composeFile = (port: number, webEnv: string): string => `
services:
  init:
    image: stevedore/busybox:local
    command: ["sh", "-c", "echo prepared > /shared/marker"]
    volumes: ["shared:/shared"]
  db:
    image: stevedore/busybox:local
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 3600"]
    init: true
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30}
    networks: [back]
  web:
    image: stevedore/busybox:local
    command: ["sh", "-c", "cp /shared/marker /www/index.html; exec httpd -f -p 8080 -h /www"]
    init: true
    environment: {FOO: "${webEnv}"}
    ports: ["127.0.0.1:${port}:8080"]
    volumes: ["shared:/shared"]
    networks: [default, back]
    depends_on:
      db: {condition: service_healthy}
      init: {condition: service_completed_successfully}
  worker:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
networks: {back: {}}
volumes: {shared: {}}
`;

describe('compose deploy on the real engine: plan, apply, converge, scale, down', () => {
  let engine: Engine;
  let dir: string;
  let port: number;
  const kinds = (plan: ComposePlan): string[] => plan.operations.map((op) => `${op.kind} ${'name' in op ? op.name : op.image}`);

  async function load(env = 'one'): Promise<ComposeProject> {
    await writeFile(join(dir, 'compose.yaml'), composeFile(port, env));
    const result = loadProject(createFsHost(), { files: [join(dir, 'compose.yaml')], projectName: PROJECT, environment: {} });
    assert.ok(result.ok, result.ok ? '' : result.problems.map((p) => p.message).join('; '));
    return result.project;
  }
  const ids = async (service: string): Promise<string[]> =>
    (await composePs(engine, PROJECT)).find((s) => s.service === service)?.containers.map((c) => c.id) ?? [];

  before(async () => {
    engine = await testEngine({ image: true });
    await composeDown(engine, PROJECT, { volumes: true });
    dir = await mkdtemp(join(tmpdir(), 'sdcompose-'));
    port = await freePort();
  });
  after(async () => {
    await composeDown(engine, PROJECT, { volumes: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('plans everything from nothing, then applies it in dependency order', async () => {
    const plan = await planComposeDeploy(engine, await load());
    assert.deepEqual(plan.blockers, []);
    assert.deepEqual(kinds(plan).sort(), [
      'create-container sdcompose-db-1',
      'create-container sdcompose-init-1',
      'create-container sdcompose-web-1',
      'create-container sdcompose-worker-1',
      'create-network sdcompose_back',
      'create-network sdcompose_default',
      'create-volume sdcompose_shared',
    ]);
    assert.deepEqual(plan.order.indexOf('web') > plan.order.indexOf('db'), true);
    const result = await applyComposePlan(engine, plan);
    assert.ok(result.ok, result.failed?.message);
    // web only starts after init wrote the marker and db turned healthy: the page is the marker.
    assert.equal((await getWhenReady(`http://127.0.0.1:${port}/`, 15_000)).trim(), 'prepared');
    const web = await engine.docker.getContainer('sdcompose-web-1').inspect();
    assert.equal(web.Config.Labels['com.docker.compose.project'], PROJECT);
    assert.equal(web.Config.Labels['com.docker.compose.service'], 'web');
    assert.equal(web.Config.Labels['com.docker.compose.container-number'], '1');
    assert.equal(web.Config.Labels['com.docker.compose.oneoff'], 'False');
    assert.equal(web.Config.Labels['com.docker.compose.project.config_files'], join(dir, 'compose.yaml'));
    assert.deepEqual(Object.keys(web.NetworkSettings.Networks).sort(), ['sdcompose_back', 'sdcompose_default']);
    const db = await engine.docker.getContainer('sdcompose-db-1').inspect();
    assert.equal(db.State.Health?.Status, 'healthy');
  });

  it('plans nothing when the file has not changed', async () => {
    const plan = await planComposeDeploy(engine, await load());
    assert.ok(isEmptyPlan(plan), kinds(plan).join('\n'));
  });

  it('recreates only the container whose configuration changed, and says which field', async () => {
    const before = await ids('db');
    const plan = await planComposeDeploy(engine, await load('two'));
    const changed = plan.operations.filter((op) => op.kind !== 'keep-container');
    assert.equal(changed.length, 1, kinds(plan).join('\n'));
    assert.equal(changed[0]?.kind, 'recreate-container');
    assert.match(changed[0]?.reason ?? '', /environment\.FOO/);
    assert.doesNotMatch(changed[0]?.reason ?? '', /two|one/, 'the reason never shows variable values');
    const result = await applyComposePlan(engine, plan);
    assert.ok(result.ok, result.failed?.message);
    assert.deepEqual(await ids('db'), before);
    const web = await engine.docker.getContainer('sdcompose-web-1').inspect();
    assert.ok(web.Config.Env.includes('FOO=two'));
    assert.equal(web.State.Running, true);
  });

  it('scales up and down without recreating the containers that stay', async () => {
    const project = await load('two');
    const [first] = await ids('worker');
    const up = await planComposeScale(engine, project, { worker: 3 });
    assert.deepEqual(
      kinds(up).filter((k) => !k.startsWith('keep')),
      ['create-container sdcompose-worker-2', 'create-container sdcompose-worker-3'],
    );
    assert.ok((await applyComposePlan(engine, up)).ok);
    assert.equal((await ids('worker')).length, 3);
    const down = await planComposeScale(engine, project, { worker: 1 });
    assert.deepEqual(
      kinds(down).filter((k) => !k.startsWith('keep')),
      ['remove-container sdcompose-worker-3', 'remove-container sdcompose-worker-2'],
    );
    assert.ok((await applyComposePlan(engine, down)).ok);
    assert.deepEqual(await ids('worker'), [first]);
  });

  it('refuses to scale a service with a fixed host port, before changing anything', async () => {
    const plan = await planComposeScale(engine, await load('two'), { web: 2 });
    assert.match(plan.blockers.join('\n'), /web cannot run 2 containers: host port \d+ can be published by 1/);
    const result = await applyComposePlan(engine, plan);
    assert.equal(result.ok, false);
    assert.equal(result.done.length, 0);
  });

  it('reports a failure midway: what was done, what failed, and leaves no half-made container', async () => {
    let blocker: Server | undefined;
    const taken = await freePort();
    blocker = createServer().listen(taken, '127.0.0.1');
    try {
      const project = await load('two');
      const extra: ComposeProject = {
        ...project,
        services: {
          ...project.services,
          clash: {
            ...project.services['worker'],
            name: 'clash',
            ports: [{ target: 80, published: String(taken), host_ip: '127.0.0.1', protocol: 'tcp', mode: 'ingress' }],
          },
        },
      };
      const result = await applyComposePlan(engine, await planComposeDeploy(engine, extra));
      assert.equal(result.ok, false);
      assert.match(result.failed?.message ?? '', /cannot start sdcompose-clash-1 \(it was created, then removed\)/);
      assert.deepEqual(await ids('clash'), []);
    } finally {
      await new Promise((r) => blocker?.close(r));
      blocker = undefined;
    }
  });

  it('fails clearly on an image no registry can give', async () => {
    const project = await load('two');
    const bad: ComposeProject = {
      ...project,
      services: {
        ghost: {
          ...project.services['worker'],
          name: 'ghost',
          image: 'sdcompose.invalid/does-not:exist',
        },
      },
    };
    const plan = await planComposeDeploy(engine, bad);
    assert.deepEqual(
      kinds(plan).filter((k) => k.startsWith('pull')),
      ['pull-image sdcompose.invalid/does-not:exist'],
    );
    const result = await applyComposePlan(engine, plan);
    assert.equal(result.ok, false);
    assert.match(result.failed?.message ?? '', /sdcompose\.invalid\/does-not:exist/);
    assert.deepEqual(await ids('ghost'), []);
  });

  it('takes the project down: containers and networks gone, the volume kept unless asked', async () => {
    const result = await composeDown(engine, PROJECT);
    assert.deepEqual(result.errors, []);
    assert.ok(result.removedContainers.includes('sdcompose-web-1'));
    assert.deepEqual(await composePs(engine, PROJECT), []);
    const networks = await engine.docker.listNetworks({ filters: { label: [`com.docker.compose.project=${PROJECT}`] } });
    assert.deepEqual(networks, []);
    assert.ok((await engine.docker.listVolumes()).Volumes.some((v) => v.Name === 'sdcompose_shared'));
    assert.deepEqual((await composeDown(engine, PROJECT, { volumes: true })).removedVolumes, ['sdcompose_shared']);
  });
});
