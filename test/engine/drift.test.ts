import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFsHost } from '../../server/src/fsHost';
import {
  composeDown,
  composePs,
  enginePort,
  runDeploy,
  runExec,
  type DeployOutcome,
  type DeployPreview,
  type DeployUi,
  type Engine,
} from '../../client/src/engine';
import { testEngine } from '../support/preconditions';

const PROJECT = 'sdfdrift';

const composeFile = (tier: string, kind: string): string => `
services:
  app:
    image: stevedore/busybox:local
    command: ["sh", "-c", "echo kept >> /db/log; exec sleep 3600"]
    init: true
    networks: [back]
    volumes: ["db:/db"]
  peer:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    networks: [back]
networks:
  back: {labels: {tier: "${tier}"}}
volumes:
  db: {labels: {kind: "${kind}"}}
`;

describe('drift: a changed network is recreated with its containers; a changed volume only when the loss is accepted', () => {
  let engine: Engine;
  let dir: string;
  const shown: DeployPreview[] = [];
  const ui = (acceptLoss?: boolean): DeployUi => ({
    chooseTarget: () => Promise.resolve('compose'),
    showPlan: (preview) => shown.push(preview),
    ...(acceptLoss !== undefined ? { confirmDataLoss: () => Promise.resolve(acceptLoss) } : {}),
    confirmPlan: () => Promise.resolve(true),
    progress: (_preview, work) => work(() => undefined),
  });
  async function deploy(tier: string, kind: string, options: { acceptLoss?: boolean; recreateVolumes?: boolean } = {}) {
    await writeFile(join(dir, 'compose.yaml'), composeFile(tier, kind));
    const outcome: DeployOutcome = await runDeploy(
      {
        host: createFsHost(),
        files: [join(dir, 'compose.yaml')],
        fileKind: 'compose',
        name: PROJECT,
        ...(options.recreateVolumes ? { recreateVolumes: true } : {}),
      },
      enginePort(engine, 'engine test'),
      ui(options.acceptLoss),
    );
    return { outcome, preview: shown.at(-1) };
  }
  const container = async (service: string) => {
    const id = (await composePs(engine, PROJECT)).find((s) => s.service === service)?.containers[0]?.id ?? '';
    return engine.docker.getContainer(id);
  };

  before(async () => {
    engine = await testEngine({ image: true });
    await composeDown(engine, PROJECT, { volumes: true });
    dir = await mkdtemp(join(tmpdir(), 'sdfdrift-'));
  });
  after(async () => {
    await composeDown(engine, PROJECT, { volumes: true });
    await rm(dir, { recursive: true, force: true });
    await engine.dispose();
  });

  it('shows a changed network in the plan and recreates it, its containers attached again and reachable', async () => {
    assert.equal((await deploy('a', 'x')).outcome.status, 'deployed');
    const before = await engine.docker.getNetwork(`${PROJECT}_back`).inspect();
    const { outcome, preview } = await deploy('b', 'x');
    assert.equal(outcome.status, 'deployed');
    assert.deepEqual(
      preview?.operations.filter((op) => !op.startsWith('keep')),
      [`recreate network ${PROJECT}_back: labels.tier (different on the engine) changed`],
    );
    const after = await engine.docker.getNetwork(`${PROJECT}_back`).inspect();
    assert.notEqual(after.Id, before.Id);
    assert.equal(after.Labels?.['tier'], 'b');
    assert.equal(Object.keys(after.Containers ?? {}).length, 2, 'both containers attached again');
    const ping = await runExec(await container('app'), ['ping', '-c', '1', '-W', '2', 'peer'], { tty: true });
    assert.equal(ping.exitCode, 0, `app reaches peer by name on the new network: ${ping.output}`);
    assert.equal((await deploy('b', 'x')).outcome.status, 'up-to-date', 'no drift left');
  });

  it('refuses to recreate a changed volume unless the loss is accepted, then loses the data as it said', async () => {
    const refused = await deploy('b', 'y');
    assert.equal(refused.outcome.status, 'data-loss');
    assert.deepEqual(refused.preview?.dataLoss, [
      `volume ${PROJECT}_db: labels.kind (different on the engine) changed; its data would be lost`,
    ]);
    assert.equal((await deploy('b', 'y', { acceptLoss: false })).outcome.status, 'data-loss', 'declined in the modal');
    assert.equal((await engine.docker.getVolume(`${PROJECT}_db`).inspect()).Labels?.['kind'], 'x', 'nothing changed');
    const wrote = await runExec(await container('app'), ['sh', '-c', 'echo old >> /db/log; cat /db/log'], { tty: true });
    assert.deepEqual(wrote.output.trim().split(/\s+/), ['kept', 'old'], 'data in the volume before');

    const { outcome, preview } = await deploy('b', 'y', { recreateVolumes: true });
    assert.equal(outcome.status, 'deployed');
    assert.ok(preview?.operations.includes(`recreate ${PROJECT}-app-1: volume ${PROJECT}_db is recreated`));
    assert.equal((await engine.docker.getVolume(`${PROJECT}_db`).inspect()).Labels?.['kind'], 'y');
    const fresh = await runExec(await container('app'), ['cat', '/db/log'], { tty: true });
    assert.equal(fresh.output.trim(), 'kept', 'a new, empty volume');
    assert.equal((await deploy('b', 'y')).outcome.status, 'up-to-date');
  });
});
