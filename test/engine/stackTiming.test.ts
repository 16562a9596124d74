import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ComposeProject } from '../../server/src/service';
import { applyStackPlan, connectEngine, planStack, waitForStack, type Engine } from '../../client/src/engine';
import { ensureBusyboxImage } from '../support/busyboxImage';
import { cleanupStack, dockerCli, loadStack, writeProject } from '../support/stackTesting';

const STACKS = { cliWait: 'sdstackbcw', oursWait: 'sdstackbsw', cliCreate: 'sdstackbcc', oursCreate: 'sdstackbsc' } as const;
const SERVICES = 10;

/** Ten small services on one network; `init` so that stopping them at clean-up takes no grace period. */
export function tenServiceFile(): string {
  const services = Array.from(
    { length: SERVICES },
    (_, i) => `  s${i}:
    image: stevedore/busybox:local
    command: sleep 3600
    init: true
    labels: {org.stevedore.test: "1"}
    deploy: {labels: {org.stevedore.test: "1"}}
`,
  ).join('');
  return `services:\n${services}networks:\n  default: {labels: {org.stevedore.test: "1"}}\n`;
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** What `docker stack deploy` does, through our engine: plan, apply, and with `wait` the wait for convergence. */
async function deploy(engine: Engine, project: ComposeProject, stack: string, wait: boolean): Promise<string[]> {
  const since = Date.now();
  const plan = await planStack(engine, project, stack);
  const applied = await applyStackPlan(engine, plan);
  if (!applied.ok) return [applied.failed?.message ?? 'apply failed'];
  if (!wait) return [];
  const converged = await waitForStack(engine, stack, { since });
  return converged.ok ? [] : [converged.message];
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

describe(`stack deploy of ${SERVICES} services: time against docker stack deploy`, () => {
  let engine: Engine;
  let file: string;
  const clean = (): Promise<unknown> => Promise.all(Object.values(STACKS).map((s) => cleanupStack(engine, s)));

  before(async () => {
    engine = await connectEngine();
    await ensureBusyboxImage(engine.docker);
    await clean();
    file = join(await writeProject({ 'stack.yml': tenServiceFile() }), 'stack.yml');
  });

  after(async () => {
    await clean();
    await engine.dispose();
  });

  // One stack at a time, removed before the next is measured, so each runs on an otherwise quiet engine (for us).
  it('deploy to convergence: at most 0.2× of docker stack deploy --detach=false', async (t) => {
    const cli = await timed(() => dockerCli(['stack', 'deploy', '--detach=false', '-c', file, STACKS.cliWait]));
    await cleanupStack(engine, STACKS.cliWait);
    let problems: readonly string[] = [];
    const ours = await timed(async () => {
      problems = await deploy(engine, loadStack(file, STACKS.oursWait), STACKS.oursWait, true);
    });
    await cleanupStack(engine, STACKS.oursWait);
    assert.deepEqual(problems, []);
    t.diagnostic(
      `deploy+converge, ${SERVICES} services: stevedore ${ours.toFixed(0)} ms, docker stack deploy --detach=false ${cli.toFixed(0)} ms, ratio ${(ours / cli).toFixed(3)}`,
    );
    assert.ok(ours <= 0.2 * cli, `stevedore ${ours.toFixed(0)} ms vs docker ${cli.toFixed(0)} ms`);
  });

  it('creation alone: at most 0.5× of docker stack deploy --detach=true (best of 5, ours warm)', async (t) => {
    const cliRuns: number[] = [];
    const ourRuns: number[] = [];
    // The first deploy in a process pays for loading and compiling our code (the extension and CLI do it once).
    await deploy(engine, loadStack(file, STACKS.oursCreate), STACKS.oursCreate, false);
    await cleanupStack(engine, STACKS.oursCreate);
    for (let round = 0; round < 5; round++) {
      cliRuns.push(await timed(() => dockerCli(['stack', 'deploy', '--detach=true', '-c', file, STACKS.cliCreate])));
      await cleanupStack(engine, STACKS.cliCreate);
      let problems: readonly string[] = [];
      ourRuns.push(
        await timed(async () => {
          problems = await deploy(engine, loadStack(file, STACKS.oursCreate), STACKS.oursCreate, false);
        }),
      );
      await cleanupStack(engine, STACKS.oursCreate);
      assert.deepEqual(problems, []);
    }
    const [cli, ours] = [median(cliRuns), median(ourRuns)];
    t.diagnostic(
      `create only, ${SERVICES} services, median of 5: stevedore ${ours.toFixed(0)} ms (file load included; runs ${ourRuns.map((r) => r.toFixed(0)).join('/')}), docker stack deploy --detach=true ${cli.toFixed(0)} ms (runs ${cliRuns.map((r) => r.toFixed(0)).join('/')}), ratio ${(ours / cli).toFixed(3)}`,
    );
    // Judged best against best: on an engine other sessions share, a median of tens of milliseconds is mostly noise.
    const [cliBest, ourBest] = [Math.min(...cliRuns), Math.min(...ourRuns)];
    assert.ok(ourBest <= 0.5 * cliBest, `best runs: stevedore ${ourBest.toFixed(0)} ms vs docker ${cliBest.toFixed(0)} ms`);
  });
});
