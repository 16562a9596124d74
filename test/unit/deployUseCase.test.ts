import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliDeployUi, reportDeploy } from '../../client/src/cli/deployUi';
import {
  DeployLockHeld,
  runDeploy,
  type LockHolder,
  type DeployPort,
  type DeployPreview,
  type DeployRequest,
  type DeployTarget,
  type DeployUi,
  type PlanRequest,
} from '../../client/src/engine';
import { createSourceFile, deploymentNameOf } from '../../server/src/service';
import { memoryHost } from '../support/memoryHost';

/** A fake engine: plans what it is told, records what it is asked to do. */
function fakePort(
  options: {
    manager?: boolean;
    operations?: string[];
    blockers?: string[];
    failed?: string;
    converged?: boolean;
    heldBy?: LockHolder;
    dataLoss?: string[];
  } = {},
) {
  const calls: string[] = [];
  /** The lock's life, apart from the calls the plan makes: taken, then released. */
  const locks: string[] = [];
  const port: DeployPort = {
    isSwarmManager: () => Promise.resolve(options.manager ?? false),
    lock: (target, lockOptions) => {
      if (options.heldBy) {
        if (lockOptions.wait === false) return Promise.reject(new DeployLockHeld(target, options.heldBy));
        lockOptions.onWait?.(options.heldBy);
        lockOptions.onWait?.(undefined);
      }
      locks.push(`lock ${target.kind} ${target.name} for ${lockOptions.operation}`);
      return Promise.resolve({
        target,
        lost: false,
        release: () => {
          locks.push('release');
          return Promise.resolve();
        },
      });
    },
    plan: (target: DeployTarget, project, request: PlanRequest) => {
      calls.push(`plan ${target.kind} ${target.name} (project ${project.name}, services ${request.services?.join(',') ?? ''})`);
      const operations = options.operations ?? ['create web-1: new'];
      const preview: DeployPreview = {
        target,
        endpoint: 'unix:///fake.sock',
        operations,
        warnings: [],
        blockers: options.blockers ?? [],
        dataLoss: options.dataLoss ?? [],
        empty: operations.length === 0,
      };
      return Promise.resolve({
        preview,
        apply: (report) => {
          calls.push('apply');
          report({ step: 'apply', phase: 'done', message: operations[0] ?? '', unchanged: false });
          return Promise.resolve({
            ok: !options.failed,
            ...(options.failed ? { failed: options.failed } : {}),
            done: options.failed ? [] : operations,
            notStarted: options.failed ? operations : [],
            removedVersions: [],
          });
        },
      });
    },
    converge: (stack, _since, report) => {
      calls.push(`converge ${stack}`);
      report({ step: 'converge', services: [`${stack}_web 1/1`] });
      return Promise.resolve(
        options.converged === false
          ? { ok: false, message: 'web: 0/1 running' }
          : { ok: true, message: '1 service(s) converged' },
      );
    },
  };
  return { port, calls, locks };
}

/** A fake editor or terminal: answers as told, records what it was asked and shown. */
function fakeUi(answers: { choose?: 'compose' | 'stack'; confirm?: boolean } = {}) {
  const seen: string[] = [];
  const ui: DeployUi = {
    chooseTarget: ({ compose, stack }) => {
      seen.push(`choose ${compose.name} or ${stack.name}`);
      return Promise.resolve(answers.choose);
    },
    decided: (target, reason) => seen.push(`decided ${target.kind} ${target.name} (${reason})`),
    showPlan: (preview) => seen.push(`plan: ${preview.operations.join('; ')}`),
    confirmPlan: () => {
      seen.push('confirm?');
      return Promise.resolve(answers.confirm ?? true);
    },
    progress: (_preview, work) => work((event) => seen.push(`progress ${event.step}`)),
  };
  return { ui, seen };
}

const host = memoryHost({
  '/w/Shop/compose.yaml': 'services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n',
  '/w/Shop/build.yaml': 'services:\n  web:\n    build: .\n',
  '/w/_MyApp/docker-stack.yml': 'services:\n  api:\n    image: nginx\n',
  '/w/Bad/compose.yaml': 'services:\n  web:\n    image: nginx\n    networks: [missing]\n',
});
const compose: DeployRequest = { host, files: ['/w/Shop/compose.yaml'], fileKind: 'compose', load: { environment: {} } };
const stackFile: DeployRequest = { host, files: ['/w/_MyApp/docker-stack.yml'], fileKind: 'stack', load: { environment: {} } };

const lines = (): { out: (line: string) => void; text: () => string } => {
  const all: string[] = [];
  return { out: (line) => all.push(line), text: () => all.join('\n') };
};

describe('the deploy use case (fake engine, fake prompts)', () => {
  it('shows the plan, asks, then applies a compose project', async () => {
    const { port, calls } = fakePort();
    const { ui, seen } = fakeUi();
    const outcome = await runDeploy(compose, port, ui);
    assert.equal(outcome.status, 'deployed');
    assert.deepEqual(seen, ['decided compose shop (compose-only)', 'plan: create web-1: new', 'confirm?', 'progress apply']);
    assert.deepEqual(calls, ['plan compose shop (project shop, services )', 'apply']);
  });

  it('holds the deploy lock from before the plan until the report, released when declined too; none on a dry run', async () => {
    const applied = fakePort();
    await runDeploy(compose, applied.port, fakeUi().ui);
    assert.deepEqual(applied.locks, ['lock compose shop for deploy', 'release']);
    const declined = fakePort();
    await runDeploy(compose, declined.port, fakeUi({ confirm: false }).ui);
    assert.deepEqual(declined.locks, ['lock compose shop for deploy', 'release']);
    const dry = fakePort();
    await runDeploy({ ...compose, dryRun: true }, dry.port, fakeUi().ui);
    assert.deepEqual(dry.locks, []);
  });

  it('waits for a held lock, saying who holds it; refuses at once with --no-wait, changing nothing', async () => {
    const heldBy: LockHolder = {
      owner: 'alice (VS Code)',
      host: 'desk',
      pid: 42,
      operation: 'deploy',
      since: Date.UTC(2026, 0, 2, 3, 4, 5),
      expiresAt: 0,
    };
    const waiting = fakePort({ heldBy });
    const { out, text } = lines();
    reportDeploy(await runDeploy(compose, waiting.port, cliDeployUi({ files: 1, yes: true }, out)), out);
    assert.match(
      text(),
      /^waiting: project shop is locked \(deploy by alice \(VS Code\) on desk, pid 42, since 2026-01-02 03:04:05 UTC\)\ntook the lock of project shop after [\d.]+ s\n/,
    );
    const refused = fakePort({ heldBy });
    const outcome = await runDeploy({ ...compose, wait: false }, refused.port, fakeUi().ui);
    assert.equal(outcome.status, 'locked');
    assert.deepEqual(refused.calls, []);
    assert.throws(
      () => reportDeploy(outcome, () => undefined),
      /^Error: project shop is locked: deploy by alice \(VS Code\) on desk, pid 42, since 2026-01-02 03:04:05 UTC; nothing was changed/,
    );
  });

  it('a plan that loses data is refused unless the user accepts it or gave recreateVolumes', async () => {
    const dataLoss = ['volume shop_db: driver_opts.o changed; its data would be lost'];
    const refused = fakePort({ dataLoss });
    const outcome = await runDeploy(compose, refused.port, fakeUi().ui);
    assert.equal(outcome.status, 'data-loss');
    assert.deepEqual(refused.calls, ['plan compose shop (project shop, services )']);
    assert.throws(
      () => reportDeploy(outcome, () => undefined),
      /data would be lost:\n {2}volume shop_db: driver_opts\.o changed; its data would be lost\nnothing was changed; give --recreate-volumes/,
    );
    const given = fakePort({ dataLoss });
    assert.equal((await runDeploy({ ...compose, recreateVolumes: true }, given.port, fakeUi().ui)).status, 'deployed');
    const asked: string[] = [];
    const accepting = {
      ...fakeUi().ui,
      confirmDataLoss: (p: DeployPreview) => (asked.push(...p.dataLoss), Promise.resolve(true)),
    };
    assert.equal((await runDeploy(compose, fakePort({ dataLoss }).port, accepting)).status, 'deployed');
    assert.deepEqual(asked, dataLoss);
  });

  it('applies nothing when the plan is declined', async () => {
    const { port, calls } = fakePort();
    const outcome = await runDeploy(compose, port, fakeUi({ confirm: false }).ui);
    assert.equal(outcome.status, 'declined');
    assert.deepEqual(calls, ['plan compose shop (project shop, services )']);
  });

  it('neither asks nor applies on a dry run, a blocked plan or an empty one', async () => {
    for (const [port, request, status] of [
      [fakePort().port, { ...compose, dryRun: true }, 'dry-run'],
      [fakePort({ blockers: ['network x is missing'] }).port, compose, 'blocked'],
      [fakePort({ operations: [] }).port, compose, 'up-to-date'],
    ] as const) {
      const { ui, seen } = fakeUi();
      assert.equal((await runDeploy(request, port, ui)).status, status);
      assert.ok(!seen.includes('confirm?'), status);
    }
  });

  it('asks compose or stack on a swarm manager when the file could run as either, and follows the answer', async () => {
    const { port, calls } = fakePort({ manager: true });
    const { ui, seen } = fakeUi({ choose: 'stack' });
    const outcome = await runDeploy(compose, port, ui);
    assert.equal(outcome.status, 'deployed');
    assert.equal(outcome.status === 'deployed' && outcome.converged, '1 service(s) converged');
    assert.deepEqual(seen.slice(0, 2), ['choose shop or shop', 'decided stack shop (chosen)']);
    assert.deepEqual(calls, ['plan stack shop (project shop, services )', 'apply', 'converge shop']);
  });

  it('does not ask for a file a swarm cannot run (it builds), for a stack file, or when the caller chose', async () => {
    const cases: [DeployRequest, string][] = [
      [{ ...compose, files: ['/w/Shop/build.yaml'] }, 'decided compose shop (compose-only)'],
      [stackFile, 'decided stack myapp (stack-file)'],
      [{ ...compose, as: 'compose' }, 'decided compose shop (given)'],
    ];
    for (const [request, decided] of cases) {
      const { ui, seen } = fakeUi({ choose: 'stack' });
      await runDeploy(request, fakePort({ manager: true }).port, ui);
      assert.equal(seen[0], decided);
    }
  });

  it('declines when the choice is dismissed, refuses one service of a stack, reports a file that does not load', async () => {
    assert.equal((await runDeploy(compose, fakePort({ manager: true }).port, fakeUi().ui)).status, 'declined');
    const refused = await runDeploy({ ...stackFile, services: ['api'] }, fakePort().port, fakeUi().ui);
    assert.equal(refused.status, 'refused');
    const bad = await runDeploy({ ...compose, files: ['/w/Bad/compose.yaml'] }, fakePort().port, fakeUi().ui);
    assert.equal(bad.status, 'unloadable');
  });

  it('reports a stack that does not converge', async () => {
    const outcome = await runDeploy(stackFile, fakePort({ converged: false }).port, fakeUi().ui);
    assert.equal(outcome.status, 'not-converged');
  });
});

describe('the CLI over the deploy use case', () => {
  it('applies without asking with --yes, and without a terminal', async () => {
    for (const ask of [() => Promise.reject(new Error('asked')), undefined]) {
      const { port, calls } = fakePort();
      const { out, text } = lines();
      const ui = cliDeployUi({ files: 1, yes: ask !== undefined, ask }, out);
      reportDeploy(await runDeploy(compose, port, ui), out);
      assert.deepEqual(calls.slice(1), ['apply']);
      assert.match(text(), /^plan for project shop:\n {2}create web-1: new\n✓ create web-1: new\ndone: 1 change\(s\)$/);
    }
  });

  it('asks on a terminal; "n" changes nothing and exits 1', async () => {
    const { port, calls } = fakePort();
    const asked: string[] = [];
    const ui = cliDeployUi({ files: 1, yes: false, ask: (q) => (asked.push(q), Promise.resolve('n')) }, () => undefined);
    const outcome = await runDeploy(compose, port, ui);
    assert.deepEqual(asked, ['apply this plan? [y/N] ']);
    assert.deepEqual(calls, ['plan compose shop (project shop, services )']);
    assert.throws(() => reportDeploy(outcome, () => undefined), /not applied: nothing was changed/);
  });

  it('asks compose or stack on a terminal, and takes a compose project without one', async () => {
    const answers = ['s', 'y'];
    const { port, calls } = fakePort({ manager: true });
    const ui = cliDeployUi({ files: 1, yes: false, ask: () => Promise.resolve(answers.shift() ?? '') }, () => undefined);
    await runDeploy(compose, port, ui);
    assert.match(calls[0] ?? '', /^plan stack shop/);
    const quiet = fakePort({ manager: true });
    await runDeploy(
      compose,
      quiet.port,
      cliDeployUi({ files: 1, yes: false }, () => undefined),
    );
    assert.match(quiet.calls[0] ?? '', /^plan compose shop/);
  });

  it('says a stack file deploys as a stack, and how a failed apply ended', async () => {
    const { out, text } = lines();
    const outcome = await runDeploy(
      stackFile,
      fakePort({ failed: 'no such image' }).port,
      cliDeployUi({ files: 1, yes: true }, out),
    );
    assert.match(text(), /^this is a stack file: deploying as swarm stack myapp \(give --project NAME/);
    assert.throws(
      () => reportDeploy(outcome, out),
      /^Error: failed: no such image\nnothing was changed\nnot done:\n {2}create web-1: new$/,
    );
  });
});

describe('one deployment name for the three fronts', () => {
  it('the CLI, the Deploy command (both the use case) and the code lens name a file alike', async () => {
    for (const [file, text, fileKind] of [
      ['/w/_MyApp/docker-stack.yml', 'services:\n  api:\n    image: nginx\n', 'stack'],
      ['/w/Shop/compose.yaml', 'services:\n  web:\n    image: nginx\n', 'compose'],
    ] as const) {
      const { ui, seen } = fakeUi();
      await runDeploy({ host, files: [file], fileKind, load: { environment: {} } }, fakePort().port, ui);
      const lens = deploymentNameOf(createSourceFile(`file://${encodeURI(file)}`, 1, text));
      assert.match(seen[0] ?? '', new RegExp(`^decided ${fileKind} ${lens} `));
    }
  });
});
