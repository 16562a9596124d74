import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { composeDown, composePs, followLogs, type Engine } from '../../client/src/engine';
import { composeFolder, confirmingUi, oneNodeLab, type ComposeFolder, type OneNodeLab } from '../support/deployLab';
import { eventually } from '../support/preconditions';

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
  let lab: OneNodeLab;
  let engine: Engine;
  let folder: ComposeFolder;

  before(async () => {
    lab = await oneNodeLab(LAB);
    engine = lab.engine;
    folder = await composeFolder(PROJECT, composeFile);
  });
  after(async () => {
    await lab?.down();
    await folder?.remove();
  });

  const deploy = (onDone?: (message: string) => void) => folder.deploy(engine, confirmingUi(onDone));

  it('reports what exists and what was not done, then converges on a rerun with nothing duplicated', async () => {
    let killing: Promise<void> | undefined;
    const outcome = await deploy((message) => {
      if (message.startsWith(`create ${PROJECT}-db-1`)) killing ??= lab.kill();
    });
    await killing;
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed');
    assert.deepEqual(outcome.applied.done, [`create network ${PROJECT}_default: new`, `create ${PROJECT}-db-1: new`]);
    assert.deepEqual(outcome.applied.notStarted, [`create ${PROJECT}-web-1: new`, `create ${PROJECT}-worker-1: new`]);
    assert.match(outcome.applied.failed ?? '', /cannot follow db/);

    const restarted = Date.now();
    await lab.restart();
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

  it('a logs follow says the connection is lost, reconnects after the restart, and leaves nothing running once stopped', async () => {
    const handles = (): number => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
    const baseline = handles();
    const talker = await engine.docker.createContainer({
      name: `${PROJECT}-talker`,
      Image: 'stevedore/busybox:local',
      Cmd: ['sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.3; done'],
      HostConfig: { RestartPolicy: { Name: 'always' }, NetworkMode: 'none' },
    });
    await talker.start();
    const seen: string[] = [];
    const follower = followLogs(engine.docker, {
      containers: [talker.id],
      tail: 1,
      reconnectMaxMs: 1000,
      onLine: (line) => seen.push(line.text),
      onNote: (note) => seen.push(`note: ${note}`),
    });
    try {
      await followThroughRestart(lab, seen, follower.ready);
    } finally {
      follower.stop();
      // When the engine did not come back, this fails too: the lab's removal takes the container, and the test's
      // own error is the one to read.
      await talker.remove({ force: true }).catch(() => undefined);
    }
    await eventually(() => handles() <= baseline || undefined, { timeout: 20_000, what: 'no socket or timer left behind' });
  });
});

async function followThroughRestart(lab: OneNodeLab, seen: string[], ready: Promise<void>): Promise<void> {
  await ready;
  await eventually(() => seen.some((l) => l.startsWith('tick')), { timeout: 20_000, what: 'a first line' });
  await lab.kill();
  await eventually(() => seen.includes('note: lost the connection to the engine; reconnecting…'), {
    timeout: 20_000,
    what: 'the follower to say the connection is lost',
  });
  await lab.restart();
  const back = await eventually(() => seen.indexOf('note: reconnected to the engine') + 1 || undefined, {
    timeout: 60_000,
    what: 'the follower to reconnect',
  });
  // The container was started again by its restart policy, and its new lines arrive over the new connection.
  await eventually(() => seen.slice(back).some((l) => l.startsWith('tick 2')), {
    timeout: 30_000,
    what: 'lines after the restart',
  });
}
