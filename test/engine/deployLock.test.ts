import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  acquireDeployLock,
  composeDown,
  composePs,
  lockName,
  type DeployOutcome,
  type DeployUi,
  type Engine,
  type LockHolder,
} from '../../client/src/engine';
import { createLease } from '../../client/src/engine/lock/lease';
import { composeFolder, type ComposeFolder } from '../support/deployLab';
import { eventually, testEngine } from '../support/preconditions';
import { repoRoot } from '../support/paths';
import { stevedore } from '../support/stevedoreCli';

const PROJECT = 'sdflock';
const STALE = 'sdflockstale';

const composeFile = `
services:
  web:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
  worker:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
`;

/** A DeployUi that records what it is shown; `gate` holds the confirmation (the lock stays held meanwhile). */
function recordingUi(name: string, events: string[], gate: Promise<void> = Promise.resolve()) {
  const waits: LockHolder[] = [];
  let tookLockAt = 0;
  const ui: DeployUi = {
    chooseTarget: () => Promise.resolve('compose'),
    waitingForLock: (_target, holder) => {
      // Told on every look while it waits: recorded once.
      if (holder && waits.push(holder) > 1) return;
      if (!holder) tookLockAt = Date.now();
      events.push(`${name} ${holder ? 'waiting' : 'has the lock'}`);
    },
    showPlan: () => events.push(`${name} planned`),
    confirmPlan: async () => {
      await gate;
      return true;
    },
    progress: (_preview, work) =>
      work((event) => {
        if (event.step === 'apply' && event.phase === 'done') events.push(`${name} applied`);
      }),
  };
  return { ui, waits, tookLockAt: () => tookLockAt };
}

describe('the deploy lock on the real engine: concurrent deploys, --no-wait, a stale lock', () => {
  let engine: Engine;
  let folder: ComposeFolder;
  const removeLocks = async (): Promise<void> => {
    for (const name of [lockName('compose', PROJECT), lockName('compose', STALE)])
      await engine.docker
        .getContainer(name)
        .remove({ force: true })
        .catch(() => undefined);
  };

  before(async () => {
    engine = await testEngine({ image: true });
    await removeLocks();
    await composeDown(engine, PROJECT);
    folder = await composeFolder(PROJECT, composeFile);
  });
  after(async () => {
    await composeDown(engine, PROJECT);
    await removeLocks();
    await folder.remove();
    await engine.dispose();
  });

  const deploy = (ui: DeployUi, wait = true): Promise<DeployOutcome> => folder.deploy(engine, ui, wait);

  it('a second deploy waits for the first, told who holds the lock; nothing is duplicated', async () => {
    const events: string[] = [];
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const first = recordingUi('first', events, gate);
    const second = recordingUi('second', events);
    const firstDone = deploy(first.ui);
    await eventually(() => events.includes('first planned'), { timeout: 30_000, what: 'the first deploy to plan' });
    const started = Date.now();
    const secondDone = deploy(second.ui);
    await eventually(() => second.waits.length > 0, { timeout: 30_000, what: 'the second deploy to wait' });
    assert.equal(second.waits[0]?.pid, process.pid);
    assert.equal(second.waits[0]?.operation, 'deploy');
    assert.match(second.waits[0]?.owner ?? '', /\(engine test\)$/);

    // Meanwhile the CLI refuses at once with --no-wait, and says whose the lock is.
    const cli = stevedore('down', PROJECT, '--no-wait');
    assert.equal(cli.code, 1, cli.err);
    assert.match(
      cli.err,
      new RegExp(`project ${PROJECT} is locked: deploy by .* \\(engine test\\) on .*, pid ${process.pid}, since `),
    );
    assert.match(cli.err, /nothing was changed/);
    const refused = await deploy(recordingUi('third', events).ui, false);
    assert.equal(refused.status, 'locked');

    open();
    assert.equal((await firstDone).status, 'deployed');
    const released = Date.now();
    const outcome = await secondDone;
    const got = second.tookLockAt();
    console.log(
      `# the waiting deploy asked for the lock, waited ${got - started} ms while the first held it, and took it ${got - released} ms after the first ended`,
    );
    assert.equal(outcome.status, 'up-to-date', 'the second planned after the first had applied');
    // In order, each run of the same event once (the first applies a network and two containers).
    const order = events.filter((e, i) => !e.startsWith('third') && e !== events[i - 1]);
    assert.deepEqual(order, ['first planned', 'second waiting', 'first applied', 'second has the lock', 'second planned']);
    const ps = await composePs(engine, PROJECT);
    assert.deepEqual(
      ps.map((s) => `${s.service} ${s.containers.length}`),
      ['web 1', 'worker 1'],
    );
    assert.equal(
      (await engine.docker.listContainers({ all: true, filters: { name: [lockName('compose', PROJECT)] } })).length,
      0,
      'released',
    );
  });

  it('the lease of a holder on another machine is waited for until it runs out, then taken over', async () => {
    await engine.docker.getImage('stevedore/lock:1').inspect();
    const since = Date.now();
    const holder: LockHolder = {
      owner: 'bob (VS Code)',
      host: 'sdf-elsewhere',
      pid: 1,
      operation: 'scale',
      since,
      expiresAt: since + 1500,
    };
    await createLease(engine.docker, lockName('compose', STALE), `compose/${STALE}`, holder);
    const waits: (LockHolder | undefined)[] = [];
    const stale: LockHolder[] = [];
    const lock = await acquireDeployLock(
      engine,
      { kind: 'compose', name: STALE },
      { operation: 'deploy', client: 'engine test', pollMs: 200, onWait: (h) => waits.push(h), onStale: (h) => stale.push(h) },
    );
    await lock.release();
    assert.equal(waits[0]?.host, 'sdf-elsewhere', 'waited while the lease ran');
    assert.equal(waits.at(-1), undefined, 'told the wait ended');
    assert.deepEqual(
      stale.map((h) => h.host),
      ['sdf-elsewhere'],
    );
  });

  it('the lock of a killed process expires and is taken over', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const e = require(${JSON.stringify(join(repoRoot, 'out/client/src/engine'))});
         e.connectEngine().then((engine) => e.acquireDeployLock(engine, { kind: 'compose', name: '${STALE}' },
           { operation: 'deploy', client: 'doomed', ttlMs: 1500 })).then(() => console.log('held'));
         setInterval(() => undefined, 60000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
    await eventually(() => said.includes('held'), { timeout: 30_000, what: 'the child to take the lock' });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const waits: (LockHolder | undefined)[] = [];
    const stale: LockHolder[] = [];
    const lock = await acquireDeployLock(
      engine,
      { kind: 'compose', name: STALE },
      { operation: 'deploy', client: 'engine test', pollMs: 200, onWait: (h) => waits.push(h), onStale: (h) => stale.push(h) },
    );
    await lock.release();
    assert.equal(stale.length, 1);
    assert.equal(stale[0]?.pid, child.pid);
    assert.match(stale[0]?.owner ?? '', /\(doomed\)$/);
  });
});
