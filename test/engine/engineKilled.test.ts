import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsHost } from '../../server/src/fsHost';
import {
  composeDown,
  composePs,
  connectEngine,
  enginePort,
  runDeploy,
  type DeployOutcome,
  type DeployUi,
  type Engine,
} from '../../client/src/engine';
import { swarmLab } from '../support/swarmLab';

/**
 * dockerd killed in the middle of a deploy, on an engine this file starts for itself: a one-node lab (test/setup/
 * swarm-lab.sh: a dockerd in its own network, mount and UTS namespaces), never the machine's engine.
 */
const LAB = 'sdf';
const PROJECT = 'sdfkill';

const composeFile = `
services:
  db:
    image: stevedore/busybox:local
    command: ["sh", "-c", "sleep 8; touch /tmp/ready; exec sleep 3600"]
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 60}
  web:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    depends_on: {db: {condition: service_healthy}}
  worker:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    depends_on: {db: {condition: service_healthy}}
`;

describe('dockerd killed mid-apply (a test-owned engine): a report, no hang; after a restart a rerun converges', () => {
  let engine: Engine;
  let dir: string;

  before(async () => {
    await swarmLab('down', LAB);
    const socket = (await swarmLab('up', '--name', LAB, '--nodes', '1')).trim();
    engine = await connectEngine({ host: `unix://${socket}`, env: {} });
    dir = await mkdtemp(join(tmpdir(), 'sdfkill-'));
    await writeFile(join(dir, 'compose.yaml'), composeFile);
  });
  after(async () => {
    await engine?.dispose();
    await swarmLab('down', LAB);
    await rm(dir, { recursive: true, force: true });
  });

  const deploy = (onDone: (message: string) => void = () => undefined): Promise<DeployOutcome> => {
    const ui: DeployUi = {
      chooseTarget: () => Promise.resolve('compose'),
      showPlan: () => undefined,
      confirmPlan: () => Promise.resolve(true),
      progress: (_preview, work) =>
        work((event) => {
          if (event.step === 'apply' && event.phase === 'done') onDone(event.message);
        }),
    };
    return runDeploy(
      { host: createFsHost(), files: [join(dir, 'compose.yaml')], fileKind: 'compose', name: PROJECT },
      enginePort(engine, 'engine test'),
      ui,
    );
  };

  it('reports what exists and what was not done, then converges on a rerun with nothing duplicated', async () => {
    let killing: Promise<string> | undefined;
    const outcome = await deploy((message) => {
      if (message.startsWith(`create ${PROJECT}-db-1`)) killing ??= swarmLab('node-down', LAB, '1');
    });
    await killing;
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed');
    assert.deepEqual(outcome.applied.done, [`create network ${PROJECT}_default: missing`, `create ${PROJECT}-db-1: not running`]);
    assert.deepEqual(outcome.applied.notStarted, [
      `create ${PROJECT}-web-1: not running`,
      `create ${PROJECT}-worker-1: not running`,
    ]);
    assert.match(outcome.applied.failed ?? '', /cannot follow db/);

    const restarted = Date.now();
    await swarmLab('node-up', LAB, '1');
    const answering = Date.now();
    const rerun = await deploy();
    const converged = Date.now();
    console.log(
      `# dockerd restart: the engine answered ${answering - restarted} ms after node-up began; the rerun deploy converged ${converged - answering} ms later (${converged - restarted} ms in all)`,
    );
    assert.equal(rerun.status, 'deployed', JSON.stringify(rerun));
    const ps = await composePs(engine, PROJECT);
    assert.deepEqual(
      ps.map((s) => `${s.service} ${s.containers.length}`),
      ['db 1', 'web 1', 'worker 1'],
    );
    const all = await engine.docker.listContainers({ all: true });
    assert.deepEqual(all.map((c) => c.Names[0]).sort(), [`/${PROJECT}-db-1`, `/${PROJECT}-web-1`, `/${PROJECT}-worker-1`]);
    const networks = (await engine.docker.listNetworks()).filter((n) => n.Name.startsWith(PROJECT));
    assert.deepEqual(
      networks.map((n) => n.Name),
      [`${PROJECT}_default`],
    );
    await composeDown(engine, PROJECT);
  });
});
