import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadProject } from '../../server/src/service';
import { createFsHost } from '../../server/src/fsHost';
import {
  acquireDeployLock,
  composeDown,
  composePs,
  lockName,
  recreateService,
  type Engine,
  type LockHolder,
} from '../../client/src/engine';
import { composeFolder, type ComposeFolder } from '../support/deployLab';
import { eventually, testEngine } from '../support/preconditions';

// Named sd… as every test's objects on the machine's engine are, so that test/setup/clean.sh finds a leftover.
const PROJECT = 'sdsk8lock';

const composeFile = `
services:
  app:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    stop_grace_period: 1s
`;

describe('a recreate takes the same deploy lock as deploy, scale and down', () => {
  let engine: Engine;
  let folder: ComposeFolder;
  const removeLock = (): Promise<unknown> =>
    engine.docker
      .getContainer(lockName('compose', PROJECT))
      .remove({ force: true })
      .catch(() => undefined);

  before(async () => {
    engine = await testEngine({ image: true });
    await removeLock();
    await composeDown(engine, PROJECT);
    folder = await composeFolder(PROJECT, composeFile);
    assert.equal((await folder.deploy(engine)).status, 'deployed');
  });
  after(async () => {
    await composeDown(engine, PROJECT);
    await removeLock();
    await folder.remove();
    await engine.dispose();
  });

  it('waits behind a held lock, told who holds it, and recreates once the lock is released', async () => {
    const loaded = loadProject(createFsHost(), { files: [folder.file], projectName: PROJECT, environment: {} });
    assert.ok(loaded.ok);
    const before = (await composePs(engine, PROJECT))[0]?.containers[0]?.id;
    const held = await acquireDeployLock(engine, { kind: 'compose', name: PROJECT }, { operation: 'deploy', client: 'holder' });
    const waits: (LockHolder | undefined)[] = [];
    let finished = false;
    const asked = Date.now();
    const recreating = recreateService(engine, loaded.project, 'app', {
      client: 'engine test',
      pollMs: 200,
      onWait: (holder) => waits.push(holder),
    }).finally(() => (finished = true));
    await eventually(() => waits.length >= 2 || undefined, { timeout: 20_000, what: 'the recreate to wait for the lock' });
    assert.equal(finished, false, 'nothing recreated while the lock is held');
    assert.equal((await composePs(engine, PROJECT))[0]?.containers[0]?.id, before, 'the container is untouched meanwhile');
    assert.equal(waits[0]?.operation, 'deploy');
    assert.match(waits[0]?.owner ?? '', /\(holder\)$/);

    const released = Date.now();
    await held.release();
    const result = await recreating;
    console.log(
      `# the recreate waited ${released - asked} ms behind the held lock and finished ${Date.now() - released} ms after its release`,
    );
    assert.deepEqual(result.done, [`${PROJECT}-app-1`]);
    assert.equal(waits.at(-1), undefined, 'told the wait ended');
    const after = (await composePs(engine, PROJECT))[0]?.containers[0]?.id;
    assert.ok(after && after !== before, 'a new container');
    const locks = await engine.docker.listContainers({ all: true, filters: { name: [lockName('compose', PROJECT)] } });
    assert.equal(locks.length, 0, 'the recreate released its lock');
  });
});
