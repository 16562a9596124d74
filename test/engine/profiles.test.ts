import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsHost } from '../../server/src/fsHost';
import { composeDown, composePs, enginePort, runDeploy, type DeployUi, type Engine } from '../../client/src/engine';
import { testEngine } from '../support/preconditions';

/**
 * Profiles on the real engine, through the one deploy use case: the profiles the user picks are deployed, a later
 * deploy without them (even removing orphans) leaves their running services alone, as compose does, and Down takes
 * every service of the project, whichever profile enabled it (vscode-containers#570).
 */

const PROJECT = 'sdwprofdown';
const FILE = `
name: ${PROJECT}
services:
  app:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
  dbg:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    profiles: [debug]
  lint:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    profiles: [tools]
`;

/** Answers the profile question with `profiles`, accepts the plan; records the question's defaults. */
function ui(profiles: readonly string[], defaults: string[][] = []): DeployUi {
  return {
    chooseTarget: () => Promise.resolve('compose'),
    chooseProfiles: (question) => {
      defaults.push([...question.defaults]);
      return Promise.resolve(profiles);
    },
    showPlan: () => undefined,
    confirmPlan: () => Promise.resolve(true),
    progress: (_preview, work) => work(() => undefined),
  };
}

describe('profiles on the real engine: deploy what was picked, keep it on a later deploy, down takes everything', () => {
  let engine: Engine;
  let dir: string;
  const services = async (): Promise<string[]> => (await composePs(engine, PROJECT)).map((s) => s.service);
  const deploy = async (chosen: readonly string[], defaults?: string[][]): Promise<string> => {
    const outcome = await runDeploy(
      {
        host: createFsHost(),
        files: [join(dir, 'compose.yaml')],
        fileKind: 'compose',
        load: { environment: {} },
        removeOrphans: true,
      },
      enginePort(engine, 'profiles.test'),
      ui(chosen, defaults),
    );
    return outcome.status;
  };

  before(async () => {
    engine = await testEngine({ image: true });
    await composeDown(engine, PROJECT);
    dir = await mkdtemp(join(tmpdir(), 'sdwprof-'));
    await writeFile(join(dir, 'compose.yaml'), FILE);
    await writeFile(join(dir, '.env'), 'COMPOSE_PROFILES=tools\n');
  });
  after(async () => {
    await composeDown(engine, PROJECT);
    await rm(dir, { recursive: true, force: true });
  });

  it('deploys the services of the profiles picked, offering COMPOSE_PROFILES from .env first', async () => {
    const defaults: string[][] = [];
    assert.equal(await deploy(['debug'], defaults), 'deployed');
    assert.deepEqual(defaults, [['tools']]);
    assert.deepEqual(await services(), ['app', 'dbg']);
  });

  it('a deploy without that profile, removing orphans, leaves its running service alone', async () => {
    assert.equal(await deploy([]), 'up-to-date');
    assert.deepEqual(await services(), ['app', 'dbg']);
  });

  it('down removes the services of every profile, and the network', async () => {
    assert.equal(await deploy(['tools']), 'deployed');
    assert.deepEqual(await services(), ['app', 'dbg', 'lint']);
    const result = await composeDown(engine, PROJECT);
    assert.deepEqual([...result.removedContainers].sort(), [`${PROJECT}-app-1`, `${PROJECT}-dbg-1`, `${PROJECT}-lint-1`]);
    assert.deepEqual(result.removedNetworks, [`${PROJECT}_default`]);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(await services(), []);
  });
});
