import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject } from '../../server/src/service';
import { describePull, pullProjectImages, type Engine, type PullOutcome } from '../../client/src/engine';
import { BUSYBOX_IMAGE, testEngine } from '../support/preconditions';
import { repoRoot } from '../support/paths';

/** Nothing to pull from here (no registry): the paths that need none. Nothing is created on the engine. */
const FILE = `
services:
  kept:
    image: ${BUSYBOX_IMAGE}
    pull_policy: missing
  again:
    image: ${BUSYBOX_IMAGE}
    pull_policy: if_not_present
  local:
    image: ${BUSYBOX_IMAGE}
    command: ["true"]
    environment: {X: "1"}
  nowhere:
    image: sdw/nowhere:local
  built:
    build: .
`;

describe('pull a project’s images on the real engine: already present, no registry, build only', () => {
  let engine: Engine;
  let dir: string;
  let outcomes: PullOutcome[];

  before(async () => {
    engine = await testEngine({ image: true });
    dir = mkdtempSync(join(tmpdir(), 'sdwpull-'));
    writeFileSync(join(dir, 'compose.yaml'), FILE);
    const loaded = loadProject(createFsHost(), { files: [join(dir, 'compose.yaml')], projectName: 'sdwpull', environment: {} });
    assert.ok(loaded.ok);
    outcomes = await pullProjectImages(engine, loaded.project);
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await engine.dispose();
  });

  it('keeps an image already present under pull_policy missing, asking no registry, and pulls each image once', () => {
    assert.deepEqual(outcomes[0], { image: BUSYBOX_IMAGE, status: 'present', reason: 'already present (pull_policy: missing)' });
    assert.equal(
      describePull(outcomes[0] as PullOutcome),
      `${BUSYBOX_IMAGE}: already present (pull_policy: missing), not pulled`,
    );
    // `again` and `local` name the same image: it is not asked for twice.
    assert.equal(outcomes.filter((o) => o.image === BUSYBOX_IMAGE).length, 1);
  });

  it('reports an image no registry has, with the engine’s reason, and leaves build-only services out', () => {
    const nowhere = outcomes.find((o) => o.image === 'sdw/nowhere:local');
    assert.ok(nowhere && nowhere.status === 'failed', JSON.stringify(nowhere));
    assert.equal(nowhere.localCopy, false);
    assert.ok(nowhere.reason.length > 0);
    assert.match(describePull(nowhere), /^sdw\/nowhere:local: not pulled \(.+\)$/);
    assert.deepEqual(
      outcomes.map((o) => o.image),
      [BUSYBOX_IMAGE, 'sdw/nowhere:local'],
    );
  });

  it('without a registry, an image on the engine is not pulled and stays in use', async () => {
    writeFileSync(join(dir, 'local.yaml'), `services:\n  app:\n    image: ${BUSYBOX_IMAGE}\n`);
    const loaded = loadProject(createFsHost(), { files: [join(dir, 'local.yaml')], projectName: 'sdwpull', environment: {} });
    assert.ok(loaded.ok);
    const [outcome] = await pullProjectImages(engine, loaded.project);
    assert.ok(outcome && outcome.status === 'failed', JSON.stringify(outcome));
    assert.equal(outcome.localCopy, true);
    assert.match(describePull(outcome), /; the local image stays in use$/);
  });

  it('stevedore pull FILE: a line per image, exit 1 when one was not pulled', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'pull', join(dir, 'compose.yaml')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, new RegExp(`^${BUSYBOX_IMAGE}: already present \\(pull_policy: missing\\), not pulled$`, 'm'));
    assert.match(run.stdout, /^sdw\/nowhere:local: not pulled \(.+\)$/m);
  });
});
