import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject, type ComposeProject } from '../../server/src/service';
import {
  applyComposePlan,
  composeDown,
  composePs,
  planComposeDeploy,
  runExec,
  type ComposePlan,
  type Engine,
} from '../../client/src/engine';
import { testEngine } from '../support/preconditions';

const PROJECT = 'sdfdata';
const IMAGE = `${PROJECT}-db`;

/**
 * Each container appends $GEN to a file in its volume when it starts, so the file lists every generation that wrote
 * to the same volume: `one two` after a recreate means the data survived it.
 */
const composeFile = (generation: string): string => `
services:
  db:
    build: .
    image: ${IMAGE}
    command: ["sh", "-c", "echo $$GEN >> /db/log; exec sleep 3600"]
    init: true
    environment: {GEN: "${generation}"}
  cache:
    image: stevedore/busybox:local
    command: ["sh", "-c", "echo $$GEN >> /data/log; echo $$GEN >> /named/log; exec sleep 3600"]
    init: true
    environment: {GEN: "${generation}"}
    volumes: ["/data", "kept:/named"]
volumes: {kept: {}}
`;

describe('recreate keeps anonymous volumes as compose does; down -v removes them', () => {
  let engine: Engine;
  let dir: string;

  async function deploy(generation: string): Promise<ComposePlan> {
    await writeFile(join(dir, 'compose.yaml'), composeFile(generation));
    const loaded = loadProject(createFsHost(), { files: [join(dir, 'compose.yaml')], projectName: PROJECT, environment: {} });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.map((p) => p.message).join('; '));
    const project: ComposeProject = loaded.project;
    const plan = await planComposeDeploy(engine, project, { build: true });
    const result = await applyComposePlan(engine, plan);
    assert.ok(result.ok, result.failed?.message);
    return plan;
  }
  async function read(service: string, path: string): Promise<string> {
    const id = (await composePs(engine, PROJECT)).find((s) => s.service === service)?.containers[0]?.id;
    assert.ok(id, `${service} runs`);
    const { output } = await runExec(engine.docker.getContainer(id), ['cat', path], { tty: true });
    return output.trim().split(/\s+/).join(' ');
  }
  const anonymousVolumes = async (): Promise<string[]> => {
    const containers = await engine.docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${PROJECT}`] },
    });
    const infos = await Promise.all(containers.map((c) => engine.docker.getContainer(c.Id).inspect()));
    return infos.flatMap((i) =>
      (i.Mounts ?? []).flatMap((m) => (m.Type === 'volume' && /^[0-9a-f]{64}$/.test(m.Name ?? '') ? [m.Name ?? ''] : [])),
    );
  };
  const volumeExists = async (name: string): Promise<boolean> =>
    ((await engine.docker.listVolumes()).Volumes ?? []).some((v) => v.Name === name);

  before(async () => {
    engine = await testEngine({ image: true });
    await composeDown(engine, PROJECT, { volumes: true });
    dir = await mkdtemp(join(tmpdir(), 'sdfdata-'));
    await writeFile(join(dir, 'Dockerfile'), 'FROM stevedore/busybox:local\nVOLUME /db\n');
  });
  after(async () => {
    await composeDown(engine, PROJECT, { volumes: true });
    await engine.docker
      .getImage(IMAGE)
      .remove({ force: true })
      .catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await engine.dispose();
  });

  it('a configuration change recreates the containers and they keep their anonymous and image volumes', async () => {
    await deploy('one');
    const before = await anonymousVolumes();
    assert.equal(before.length, 2, 'an image VOLUME and an anonymous volume');
    const plan = await deploy('two');
    assert.deepEqual(
      plan.operations.filter((op) => op.kind === 'recreate-container').map((op) => op.reason),
      ['environment.GEN changed', 'environment.GEN changed'],
    );
    assert.equal(await read('db', '/db/log'), 'one two', 'the image VOLUME came over');
    assert.equal(await read('cache', '/data/log'), 'one two', 'the anonymous volume came over');
    assert.equal(await read('cache', '/named/log'), 'one two', 'the named volume is the same');
    assert.deepEqual((await anonymousVolumes()).sort(), [...before].sort(), 'the same volumes, none left dangling');
  });

  it('down keeps the volumes; down --volumes removes the anonymous and the named ones', async () => {
    const anonymous = await anonymousVolumes();
    await composeDown(engine, PROJECT);
    for (const name of anonymous) assert.ok(await volumeExists(name), `down keeps ${name}`);
    assert.ok(await volumeExists(`${PROJECT}_kept`));
    await deploy('three');
    assert.equal(await read('cache', '/named/log'), 'one two three');
    const now = await anonymousVolumes();
    const result = await composeDown(engine, PROJECT, { volumes: true });
    assert.deepEqual(result.errors, []);
    for (const name of now) assert.equal(await volumeExists(name), false, `down -v removes ${name}`);
    assert.equal(await volumeExists(`${PROJECT}_kept`), false);
    // The anonymous volumes of the containers removed by the first down stay, as with compose: remove them here.
    await Promise.all(
      anonymous.map((name) =>
        engine.docker
          .getVolume(name)
          .remove()
          .catch(() => undefined),
      ),
    );
  });
});
