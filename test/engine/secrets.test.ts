import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsHost } from '../../server/src/fsHost';
import { composeDown, enginePort, runDeploy, runExec, composePs, type DeployUi, type Engine } from '../../client/src/engine';
import { ensurePreconditions, testEngine } from '../support/preconditions';
import { stevedore } from '../support/stevedoreCli';

const PROJECT = 'sdfsecret';
const PASSWORD = 'pw-Zq81-never-shown';
const TOKENS = ['tok-one-Xy93-never-shown', 'tok-two-Ab27-never-shown'];

/** `broken` runs the token as its command: the engine's error quotes it, a path no planner controls. */
const composeFile = `
services:
  app:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    environment:
      DB_PASSWORD: "\${DB_PASSWORD}"
      API_TOKEN: "\${API_TOKEN}"
    secrets: [db]
  broken:
    image: stevedore/busybox:local
    command: ["\${API_TOKEN}"]
secrets:
  db: {environment: DB_PASSWORD}
`;

describe('secrets stay secret: plans, progress, errors and the CLI never show a secret value', () => {
  let engine: Engine;
  let dir: string;
  const seen: string[] = [];

  before(async () => {
    await ensurePreconditions({ image: true });
    engine = await testEngine();
    await composeDown(engine, PROJECT, { volumes: true });
    dir = await mkdtemp(join(tmpdir(), 'sdfsecret-'));
    await writeFile(join(dir, 'compose.yaml'), composeFile);
  });
  after(async () => {
    await composeDown(engine, PROJECT, { volumes: true });
    await rm(dir, { recursive: true, force: true });
    await engine.dispose();
  });

  const assertHidden = (text: string, where: string): void => {
    for (const secret of [PASSWORD, ...TOKENS]) assert.ok(!text.includes(secret), `${where} shows a secret:\n${text}`);
  };

  it('the CLI: deploy (a failure quoting the token), redeploy with a changed token, ps, down', () => {
    process.env['DB_PASSWORD'] = PASSWORD;
    for (const token of TOKENS) {
      process.env['API_TOKEN'] = token;
      const run = stevedore('deploy', '--yes', '-p', PROJECT, join(dir, 'compose.yaml'));
      assert.equal(run.code, 1, 'broken cannot start');
      assertHidden(run.out + run.err, `deploy with ${token}`);
      assert.match(run.err, /\*\*\*/, 'the engine error quoted the token, and it was hidden');
      seen.push(run.out, run.err);
    }
    assert.match(seen.join('\n'), /recreate sdfsecret-app-1: environment\.API_TOKEN changed/);
    const ps = stevedore('ps', PROJECT);
    assertHidden(ps.out + ps.err, 'ps');
  });

  it('the deploy use case: every plan, progress event, outcome and error a front is given', async () => {
    const token = TOKENS[0] ?? '';
    const shown: string[] = [];
    const ui: DeployUi = {
      chooseTarget: () => Promise.resolve('compose'),
      showPlan: (preview) => shown.push(JSON.stringify(preview)),
      confirmPlan: (preview) => (shown.push(JSON.stringify(preview)), Promise.resolve(true)),
      progress: (preview, work) => (shown.push(JSON.stringify(preview)), work((event) => shown.push(JSON.stringify(event)))),
    };
    const outcome = await runDeploy(
      {
        host: createFsHost(),
        files: [join(dir, 'compose.yaml')],
        fileKind: 'compose',
        name: PROJECT,
        load: { environment: { DB_PASSWORD: PASSWORD, API_TOKEN: token } },
      },
      enginePort(engine, 'engine test'),
      ui,
    );
    shown.push(JSON.stringify(outcome));
    assert.equal(outcome.status, 'failed');
    assertHidden(shown.join('\n'), 'the use case');
    // The values did reach the containers: only what is shown is redacted.
    const app = (await composePs(engine, PROJECT)).find((s) => s.service === 'app')?.containers[0]?.id ?? '';
    const read = await runExec(engine.docker.getContainer(app), ['sh', '-c', 'cat /run/secrets/db; echo; echo $API_TOKEN'], {
      tty: true,
    });
    assert.deepEqual(read.output.trim().split(/\s+/), [PASSWORD, token]);
  });
});
