import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  applyComposePlan,
  applyStackPlan,
  composeDown,
  composeLiveState,
  describeServiceState,
  planComposeDeploy,
  planStack,
  stackLiveState,
  waitForStack,
  type Engine,
} from '../../client/src/engine';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject, type ComposeProject } from '../../server/src/service';
import { testEngine } from '../support/preconditions';
import { cleanupStack, loadStack, writeProject } from '../support/stackTesting';

/**
 * The code lenses' live state, from the deploy planners, for a compose project and a swarm stack: not deployed,
 * n/m running, differs from file. Named sdext…, removed here.
 */

const PROJECT = 'sdextlive';
const STACK = 'sdextlivest';
const file = (foo: string): string => `
services:
  app:
    image: stevedore/busybox:local
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1 & wait $$!; done"]
    environment: {FOO: ${foo}}
    labels: {org.stevedore.test: sdext}
`;

const titles = (states: Map<string, Parameters<typeof describeServiceState>[1]>): string[] =>
  [...states].map(([service, state]) => describeServiceState(service, state));

describe('live state for the code lenses, on the real engine', () => {
  let engine: Engine;
  before(async () => {
    engine = await testEngine({ image: true, swarm: true });
    await composeDown(engine, PROJECT);
    await cleanupStack(engine, STACK);
  });
  after(async () => {
    await composeDown(engine, PROJECT);
    await cleanupStack(engine, STACK);
    await engine.dispose();
  });

  const compose = async (foo: string): Promise<ComposeProject> => {
    const dir = await writeProject({ 'compose.yaml': file(foo) });
    const loaded = loadProject(createFsHost(), { files: [`${dir}/compose.yaml`], projectName: PROJECT, environment: {} });
    assert.ok(loaded.ok);
    return loaded.project;
  };

  it('compose: not deployed, then 1/1 running, then differs from file after an edit', async () => {
    const first = await compose('one');
    assert.deepEqual(titles(await composeLiveState(engine, first)), ['app: not deployed']);
    const result = await applyComposePlan(engine, await planComposeDeploy(engine, first));
    assert.ok(result.ok, result.failed?.message);
    assert.deepEqual(titles(await composeLiveState(engine, first)), ['app: 1/1 running']);
    const changed = await composeLiveState(engine, await compose('two'));
    assert.deepEqual(titles(changed), ['app: differs from file']);
    const state = changed.get('app');
    assert.ok(state?.kind === 'differs');
    assert.match(state.reasons.join(), /recreate sdextlive-app-1: environment\.FOO changed/);
  });

  it('stack: not deployed, then 1/1 running, then differs from file after an edit', async () => {
    const dir = await writeProject({ 'one.yml': file('one'), 'two.yml': file('two') });
    const first = loadStack(`${dir}/one.yml`, STACK);
    assert.deepEqual(titles(await stackLiveState(engine, first, STACK)), ['app: not deployed']);
    const since = Date.now();
    const result = await applyStackPlan(engine, await planStack(engine, first, STACK));
    assert.ok(result.ok, result.failed?.message);
    const converged = await waitForStack(engine, STACK, { since, timeoutMs: 90_000 });
    assert.ok(converged.ok, converged.message);
    assert.deepEqual(titles(await stackLiveState(engine, first, STACK)), ['app: 1/1 running']);
    assert.deepEqual(titles(await stackLiveState(engine, loadStack(`${dir}/two.yml`, STACK), STACK)), ['app: differs from file']);
  });
});
