import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { runExec, type Engine } from '../../client/src/engine';
import { ensureServiceImage, LABELS, resolveImageStates, serviceConfigHash } from '../../client/src/engine/compose';
import { createServiceContainer, startOrRemove, type ContainerContext } from '../../client/src/engine/compose/containerOps';
import type { ComposeProject, ServiceConfig } from '@stevedore/model';
import { BUSYBOX_IMAGE, eventually, testEngine } from '../support/preconditions';
import { TEST_LABEL } from '../support/engineCleanup';
import { freePort } from '../support/net';
import { serviceConfig } from '../support/serviceConfig';

/** Everything this file creates starts with this prefix (other suites share the engine) and carries TEST_LABEL. */
const PREFIX = 'sdcspec';
const run = `${PREFIX}${randomBytes(3).toString('hex')}`;
const testLabels = { [TEST_LABEL]: '1' };

const service = (overrides: Partial<ServiceConfig> & { name: string }): ServiceConfig =>
  serviceConfig({ image: BUSYBOX_IMAGE, labels: testLabels, ...overrides });

/** Removes what an earlier, interrupted run of this file left: only our prefix, only with the test label. */
async function removeOurLeftovers(docker: Docker): Promise<void> {
  const filters = { label: [TEST_LABEL] };
  const ours = (name: string): boolean => name.replace(/^\//, '').startsWith(PREFIX);
  for (const c of await docker.listContainers({ all: true, filters })) {
    if (c.Names.some(ours)) await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
  for (const n of await docker.listNetworks({ filters })) if (ours(n.Name)) await docker.getNetwork(n.Id).remove();
  for (const v of (await docker.listVolumes({ filters })).Volumes ?? [])
    if (ours(v.Name)) await docker.getVolume(v.Name).remove();
}

/** The executor's own sequence for one container: create, connect the other networks, copy the uploads, start. */
async function createAndStart(ctx: ContainerContext, svc: ServiceConfig): Promise<Docker.Container> {
  const id = await createServiceContainer(ctx, svc, 1);
  await startOrRemove(ctx, id, svc.name);
  return ctx.docker.getContainer(id);
}

/** The health status once it has left `starting`. */
async function waitForHealth(container: Docker.Container, timeout: number): Promise<string> {
  return eventually(
    async () => {
      const status = (await container.inspect()).State.Health?.Status ?? 'none';
      return status !== 'starting' && status;
    },
    { timeout, what: 'the health check to settle' },
  );
}

describe('compose container specs on a real engine', () => {
  let engine: Engine;
  let site: string;
  let project: ComposeProject;
  let port: number;
  let web: Docker.Container;
  const context = (containerOf: (service: string) => string | undefined = () => undefined): ContainerContext => ({
    docker: engine.docker,
    apiVersion: engine.apiVersion,
    project,
    imageIds: new Map(),
    containerOf,
  });

  before(async () => {
    engine = await testEngine({ image: true });
    await removeOurLeftovers(engine.docker);
    site = await mkdtemp(join(tmpdir(), `${PREFIX}-site-`));
    await writeFile(join(site, 'index.html'), `hello from ${run}\n`);
    port = await freePort();
    for (const key of ['front', 'back']) {
      await engine.docker.createNetwork({ Name: `${run}_${key}`, Labels: testLabels });
    }
    await engine.docker.createVolume({ Name: `${run}_data`, Labels: testLabels });
    project = {
      name: run,
      workingDir: site,
      configFiles: [join(site, 'compose.yaml')],
      envFiles: [],
      environment: { SDCSPEC_TOKEN: 'tok-123', SDCSPEC_MODE: 'from-shell' },
      services: {},
      profiles: [],
      disabledServices: {},
      networks: {
        front: { name: `${run}_front`, external: false, labels: {} },
        back: { name: `${run}_back`, external: false, labels: {} },
      },
      volumes: { data: { name: `${run}_data`, external: false, labels: {} } },
      secrets: { token: { name: `${run}_token`, external: false, environment: 'SDCSPEC_TOKEN', labels: {} } },
      configs: {},
    };
  });

  after(async () => {
    await removeOurLeftovers(engine.docker);
    await rm(site, { recursive: true, force: true });
  });

  it('creates and starts a web server whose settings all took effect', async () => {
    const svc = service({
      name: 'web',
      command: ['httpd', '-f', '-p', '8080', '-h', '/www'],
      environment: { SDCSPEC_MODE: null, PLAIN: 'yes' },
      ports: [{ target: 8080, published: String(port), host_ip: '127.0.0.1', protocol: 'tcp', mode: 'ingress' }],
      volumes: [
        { type: 'bind', source: site, target: '/www', read_only: true },
        { type: 'volume', source: 'data', target: '/data' },
      ],
      networks: { front: { aliases: ['www'] }, back: {} },
      secrets: [{ source: 'token', mode: 0o440 }],
      healthcheck: {
        test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/'],
        interval: '1s',
        timeout: '2s',
        retries: 5,
      },
      restart: 'on-failure:2',
      stop_grace_period: '3s',
    });
    web = await createAndStart(context(), svc);

    const info = await web.inspect();
    assert.equal(info.Name, `/${run}-web-1`);
    assert.equal(info.Config.Labels[LABELS.configHash], serviceConfigHash(svc));
    assert.equal(info.Config.Labels[LABELS.project], run);
    assert.ok(info.Config.Env.includes('SDCSPEC_MODE=from-shell') && info.Config.Env.includes('PLAIN=yes'));
    assert.deepEqual(info.HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 2 });
    assert.equal((info.Config as { StopTimeout?: number }).StopTimeout, 3);
    const networks = info.NetworkSettings.Networks;
    assert.deepEqual(Object.keys(networks).sort(), [`${run}_back`, `${run}_front`]);
    const frontAliases = (networks[`${run}_front`] as { Aliases?: string[] } | undefined)?.Aliases ?? [];
    for (const alias of ['web', 'www']) assert.ok(frontAliases.includes(alias), alias);
    const mounts = info.Mounts.map((m) => [m.Type, m.Name ?? m.Source, m.Destination, m.RW]);
    assert.deepEqual(mounts.sort(), [
      ['bind', site, '/www', false],
      ['volume', `${run}_data`, '/data', true],
    ]);
    assert.equal(await waitForHealth(web, 30_000), 'healthy');

    const response = await fetch(`http://127.0.0.1:${port}/index.html`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), `hello from ${run}\n`);
    const secret = await runExec(web, ['sh', '-c', 'cat /run/secrets/token; echo; stat -c %a /run/secrets/token'], { tty: true });
    assert.equal(secret.output, 'tok-123\r\n440\r\n');
  });

  it("shares the web container's network through network_mode: service:web", async () => {
    const sidecar = service({ name: 'sidecar', command: ['sleep', '600'], networks: undefined, network_mode: 'service:web' });
    const container = await createAndStart(
      context((name) => (name === 'web' ? web.id : undefined)),
      sidecar,
    );
    assert.equal((await container.inspect()).HostConfig.NetworkMode, `container:${web.id}`);
    const page = await runExec(container, ['wget', '-q', '-O', '-', 'http://127.0.0.1:8080/index.html'], { tty: true });
    assert.equal(page.output, `hello from ${run}\r\n`);
  });
});

describe('service images on a real engine', () => {
  let engine: Engine;
  let context: string;

  before(async () => {
    engine = await testEngine({ image: true });
    context = await mkdtemp(join(tmpdir(), `${PREFIX}-build-`));
  });

  after(async () => {
    for (const image of await engine.docker.listImages({ filters: { reference: [`${run}*`] } })) {
      await engine.docker.getImage(image.Id).remove({ force: true });
    }
    await rm(context, { recursive: true, force: true });
  });

  it('builds from a context without what .dockerignore leaves out', async () => {
    await mkdir(join(context, 'logs'));
    await writeFile(join(context, 'keep.txt'), 'kept\n');
    await writeFile(join(context, 'secret.env'), 'PASSWORD=x\n');
    await writeFile(join(context, 'logs', 'drop.log'), 'x\n');
    await writeFile(join(context, 'logs', 'keep.log'), 'x\n');
    await writeFile(join(context, '.dockerignore'), '*.env\nlogs\n!logs/keep.log\nDockerfile\n');
    await writeFile(
      join(context, 'Dockerfile'),
      `FROM ${BUSYBOX_IMAGE}\nARG GREETING\nCOPY . /ctx\nRUN ["/bin/sh", "-c", "echo \\"$GREETING\\" > /greeting"]\n`,
    );
    const svc = service({
      name: 'built',
      image: `${run}-built:1`,
      build: { context, args: { GREETING: 'hi there' }, labels: { [TEST_LABEL]: '1' } },
    });
    const events: string[] = [];
    const id = await ensureServiceImage(engine.docker, baseProject(), svc, {
      pull: 'build',
      onProgress: (progress) => events.push(progress.text),
    });
    assert.match(id, /^sha256:[0-9a-f]{64}$/);
    assert.ok(events.some((line) => line.includes('Successfully built')));
    assert.equal((await engine.docker.getImage(`${run}-built:1`).inspect()).Config.Labels[TEST_LABEL], '1');

    const container = await engine.docker.createContainer({
      Image: id,
      Cmd: ['sh', '-c', 'cd /ctx && find . -type f | sort; cat /greeting'],
      Tty: true,
      Labels: testLabels,
      name: `${run}-lister`,
    });
    try {
      await container.start();
      await container.wait();
      const output = (await container.logs({ stdout: true, stderr: true })).toString();
      assert.deepEqual(output.split(/\r?\n/).filter(Boolean), ['./.dockerignore', './keep.txt', './logs/keep.log', 'hi there']);
    } finally {
      await container.remove({ force: true });
    }
    // The Dockerfile was sent (the build ran) though ignored; the engine then leaves it out of COPY, as docker build does.
    // Present now: the plan's image step finds it and builds nothing.
    const states = await resolveImageStates(engine.docker, baseProject(), [svc]);
    assert.deepEqual(states.get('built'), { kind: 'present', id });
  });

  it("fails a build with the builder's message, not a success", async () => {
    const marker = `exit 3 # ${run}`;
    await writeFile(join(context, 'Broken.Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nRUN ["/bin/sh", "-c", "${marker}"]\n`);
    const svc = service({ name: 'broken', image: `${run}-broken:1`, build: { context, dockerfile: 'Broken.Dockerfile' } });
    await assert.rejects(ensureServiceImage(engine.docker, baseProject(), svc, { pull: 'build' }), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(`^cannot build ${run}-broken:1 for broken from ${context}: .*returned a non-zero code: 3`),
      );
      return true;
    });
    // The failed step's container is removed too (the classic builder keeps it unless told otherwise).
    const left = await engine.docker.listContainers({ all: true });
    assert.deepEqual(
      left.filter((c) => c.Command.includes(marker)).map((c) => c.Names),
      [],
    );
  });

  for (const image of [`${PREFIX}-missing.invalid/nothing:1`, `${PREFIX}/does-not-exist:1`]) {
    // Without hanging: the test's own timeout fails it if the pull does not end.
    it(`says why ${image} cannot be pulled, without hanging`, { timeout: 30_000 }, async () => {
      const svc = service({ name: 'pulled', image });
      await assert.rejects(ensureServiceImage(engine.docker, baseProject(), svc, { pull: 'always' }), (error: Error) => {
        assert.match(error.message, new RegExp(`^cannot pull ${image.replace(/[.]/g, '\\.')} for pulled: .*no such host`));
        assert.ok(!error.message.includes('HTTP code'), error.message);
        return true;
      });
    });
  }

  it('does not pull with pull_policy never', async () => {
    const svc = service({ name: 'never', image: `${PREFIX}/absent:1`, pull_policy: 'never' });
    await assert.rejects(ensureServiceImage(engine.docker, baseProject(), svc, { pull: 'always' }), {
      message: `image ${PREFIX}/absent:1 of never is not on the engine, and pull_policy is never`,
    });
  });
});

function baseProject(): ComposeProject {
  return {
    name: run,
    workingDir: tmpdir(),
    configFiles: [],
    envFiles: [],
    environment: {},
    services: {},
    profiles: [],
    disabledServices: {},
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
  };
}
