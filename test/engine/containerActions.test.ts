import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject, type ComposeProject } from '../../server/src/service';
import {
  applyComposePlan,
  composeDown,
  copyFromContainer,
  copyIntoContainer,
  LABELS,
  planComposeDeploy,
  recreateService,
  restartComposeService,
  setPaused,
  type Engine,
} from '../../client/src/engine';
import { testEngine } from '../support/preconditions';
import { repoRoot } from '../support/paths';

const PROJECT = 'sdwacts';

const FILE = `
services:
  db:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
  app:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    depends_on: [db]
`;

describe('everyday actions on the real engine: pause, unpause, restart versus recreate', () => {
  let engine: Engine;
  let dir: string;
  let project: ComposeProject;
  const container = async (service: string): Promise<{ id: string; state: string; started: string }> => {
    const [c] = await engine.docker.listContainers({
      all: true,
      filters: { label: [`${LABELS.project}=${PROJECT}`, `${LABELS.service}=${service}`] },
    });
    assert.ok(c, `a container of ${service}`);
    const info = await engine.docker.getContainer(c.Id).inspect();
    return { id: c.Id, state: info.State.Status, started: info.State.StartedAt };
  };

  before(async () => {
    engine = await testEngine({ image: true });
    await composeDown(engine, PROJECT, { volumes: true });
    dir = mkdtempSync(join(tmpdir(), 'sdwacts-'));
    writeFileSync(join(dir, 'compose.yaml'), FILE);
    const loaded = loadProject(createFsHost(), { files: [join(dir, 'compose.yaml')], projectName: PROJECT, environment: {} });
    assert.ok(loaded.ok);
    project = loaded.project;
    const applied = await applyComposePlan(engine, await planComposeDeploy(engine, project));
    assert.ok(applied.ok, applied.failed?.message);
  });
  after(async () => {
    await composeDown(engine, PROJECT, { volumes: true });
    rmSync(dir, { recursive: true, force: true });
    await engine.dispose();
  });

  it('pauses a service and unpauses it; a second pause skips what is already paused', async () => {
    const paused = await setPaused(engine, { project: PROJECT, service: 'app' }, true);
    assert.deepEqual(paused.done, [`${PROJECT}-app-1`]);
    assert.equal((await container('app')).state, 'paused');
    assert.deepEqual((await setPaused(engine, { project: PROJECT, service: 'app' }, true)).skipped, [
      `${PROJECT}-app-1 is paused`,
    ]);
    const { id } = await container('app');
    assert.deepEqual((await setPaused(engine, { container: id }, false)).done, [`${PROJECT}-app-1`]);
    assert.equal((await container('app')).state, 'running');
  });

  it('Restart keeps the container (same id, new start); Recreate makes a new one and leaves its dependency alone', async () => {
    const before = await container('app');
    const db = await container('db');
    await restartComposeService(engine, PROJECT, 'app');
    const restarted = await container('app');
    assert.equal(restarted.id, before.id);
    assert.notEqual(restarted.started, before.started);

    const recreated = await recreateService(engine, project, 'app', { client: 'engine test' });
    assert.deepEqual(recreated.done, [`${PROJECT}-app-1`]);
    const after = await container('app');
    assert.notEqual(after.id, before.id);
    assert.equal(after.state, 'running');
    assert.equal((await container('db')).id, db.id);
  });

  it('says which service has no container', async () => {
    await assert.rejects(
      setPaused(engine, { project: PROJECT, service: 'nope' }, true),
      /service nope of project sdwacts has no container/,
    );
  });

  it('stevedore pause / unpause / recreate PROJECT SERVICE: the shipped CLI', async () => {
    const cli = (...args: string[]): string => {
      const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(run.status, 0, run.stderr + run.stdout);
      return run.stdout;
    };
    assert.equal(cli('pause', PROJECT, 'app'), `paused ${PROJECT}-app-1\n`);
    assert.equal((await container('app')).state, 'paused');
    assert.equal(cli('unpause', PROJECT, 'app'), `unpaused ${PROJECT}-app-1\n`);
    const before = await container('app');
    assert.equal(cli('recreate', PROJECT, 'app'), `recreated ${PROJECT}-app-1\n`);
    assert.notEqual((await container('app')).id, before.id);
  });

  it('copies a folder into a container and a file and a folder back out, through the archive API', async () => {
    const { id } = await container('app');
    const src = join(dir, 'payload');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'alpha\n');
    writeFileSync(join(src, 'sub', 'b.sh'), '#!/bin/sh\necho beta\n', { mode: 0o755 });
    assert.equal(await copyIntoContainer(engine, id, src, '/tmp'), 2);

    const out = join(dir, 'out');
    mkdirSync(out);
    assert.deepEqual(await copyFromContainer(engine, id, '/tmp/payload/a.txt', out), ['a.txt']);
    assert.equal(readFileSync(join(out, 'a.txt'), 'utf8'), 'alpha\n');
    const folder = await copyFromContainer(engine, id, '/tmp/payload', out);
    assert.deepEqual(folder.sort(), ['payload', 'payload/a.txt', 'payload/sub', 'payload/sub/b.sh']);
    assert.equal(readFileSync(join(out, 'payload', 'sub', 'b.sh'), 'utf8'), '#!/bin/sh\necho beta\n');
    assert.equal(statSync(join(out, 'payload', 'sub', 'b.sh')).mode & 0o777, 0o755);
    await assert.rejects(copyFromContainer(engine, id, '/nowhere', out), /cannot copy \/nowhere out of/);
  });
});
