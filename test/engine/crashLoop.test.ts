import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject } from '../../server/src/service';
import {
  applyComposePlan,
  composeDown,
  composeLiveState,
  composePs,
  describeServiceState,
  planComposeDeploy,
  type Engine,
} from '../../client/src/engine';
import { eventually, testEngine } from '../support/preconditions';
import { stevedore } from '../support/stevedoreCli';

const PROJECT = 'sdfcrash';

const composeFile = `
services:
  flaky:
    image: stevedore/busybox:local
    # stdout and stderr are copied by separate goroutines: lines written at once may be logged in either order.
    command: ["sh", "-c", "echo starting flaky; sleep 1; echo cannot reach db >&2; exit 3"]
    restart: always
  fine:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
`;

describe('a crash loop shows as restarting, with its last exit code and last log lines (ps, lens, tree data)', () => {
  let engine: Engine;
  let dir: string;

  before(async () => {
    engine = await testEngine({ image: true });
    await composeDown(engine, PROJECT);
    dir = await mkdtemp(join(tmpdir(), 'sdfcrash-'));
    await writeFile(join(dir, 'compose.yaml'), composeFile);
  });
  after(async () => {
    await composeDown(engine, PROJECT);
    await rm(dir, { recursive: true, force: true });
    await engine.dispose();
  });

  it('shows the crash loop in composePs (the tree), the live state (the lens) and the CLI ps', async () => {
    const loaded = loadProject(createFsHost(), { files: [join(dir, 'compose.yaml')], projectName: PROJECT, environment: {} });
    assert.ok(loaded.ok);
    assert.ok((await applyComposePlan(engine, await planComposeDeploy(engine, loaded.project))).ok);

    const crash = await eventually(
      async () => (await composePs(engine, PROJECT)).find((s) => s.service === 'flaky')?.containers[0]?.crash,
      { timeout: 60_000, what: 'flaky to be seen restarting' },
    );
    assert.equal(crash.exitCode, 3);
    assert.ok(crash.restarts >= 1);
    assert.deepEqual(crash.lastLines.slice(-2), ['starting flaky', 'cannot reach db']);

    const lens = await eventually(
      async () => {
        const state = (await composeLiveState(engine, loaded.project)).get('flaky');
        return state?.kind === 'restarting' ? describeServiceState('flaky', state) : undefined;
      },
      { timeout: 60_000, what: 'the lens to say restarting' },
    );
    assert.match(lens, /^flaky: restarting \(exit code 3, \d+ restarts\): (cannot reach db|starting flaky)$/);

    const ps = await eventually(
      () => {
        const run = stevedore('ps', PROJECT);
        return /restarting, exit code 3/.test(run.out) ? run.out : undefined;
      },
      { timeout: 60_000, what: 'ps to say restarting' },
    );
    assert.match(ps, /flaky {2}sdfcrash-flaky-1 {2}restarting, exit code 3, \d+ restarts? {2}-/);
    assert.match(ps, / {4}\| cannot reach db/);
    assert.match(ps, /fine {2}sdfcrash-fine-1 {2}running/);
  });
});
