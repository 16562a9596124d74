import assert from 'node:assert/strict';
import { connectEngine, type Engine } from '../../client/src/engine';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from './busyboxImage';

/**
 * The one place where a test file makes its preconditions true, so that any file runs first, alone, or after any
 * other, on an engine that has never seen this project: the test image is built when it is missing, the local swarm
 * is initialised when it is inactive. Labs (test/support/swarmLab.ts `startLab`) and free ports (`freePort`) are made
 * by their own helpers, which need nothing from here.
 *
 *   before(async () => { engine = await testEngine({ image: true, swarm: true }); });
 */
export interface Preconditions {
  /** `stevedore/busybox:local`, built from the host's static busybox when the engine lacks it. */
  readonly image?: boolean;
  /** The engine is a swarm manager (a one-node swarm on 127.0.0.1 is initialised when swarm is inactive). */
  readonly swarm?: boolean;
}

/** Connects to the machine's engine and makes the preconditions true; the caller disposes the engine. */
export async function testEngine(needs: Preconditions = {}): Promise<Engine> {
  const engine = await connectEngine();
  try {
    if (needs.swarm) await ensureSwarm(engine);
    if (needs.image) await ensureBusyboxImage(engine.docker);
    return engine;
  } catch (error) {
    await engine.dispose();
    throw error;
  }
}

/** For files that drive the engine through another process (the CLI, the examples): preconditions, no connection. */
export async function ensurePreconditions(needs: Preconditions): Promise<void> {
  await (await testEngine(needs)).dispose();
}

export { BUSYBOX_IMAGE };

/** Several test files may find swarm inactive at once: the loser of the race sees "already part of a swarm". */
async function ensureSwarm(engine: Engine): Promise<void> {
  const info = (await engine.docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  const state = info.Swarm?.LocalNodeState;
  if (state === 'active') {
    assert.ok(info.Swarm?.ControlAvailable, 'the engine is in a swarm but not a manager: the stack tests need a manager');
    return;
  }
  if (state !== 'inactive') throw new Error(`swarm is ${state ?? 'unknown'} on this engine; the stack tests need a manager`);
  try {
    await engine.docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
  } catch (error) {
    if (!/already part of a swarm/.test(String((error as Error).message))) throw error;
  }
}

export interface EventuallyOptions {
  /** How long to keep trying, in ms. */
  readonly timeout: number;
  /** Pause between tries, in ms (250 by default). */
  readonly interval?: number;
  /** What is waited for, for the failure message. */
  readonly what?: string;
}

/**
 * Runs `check` until it returns a value other than `undefined` and `false`, and returns that value. A check that
 * throws counts as not yet; when the time is up, the failure names what was awaited and the last error or value seen.
 * The one way tests wait: no fixed sleeps, no hand-written poll loops.
 */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: EventuallyOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeout;
  let last: string | undefined;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = undefined;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline)
      assert.fail(`${options.what ?? 'condition'}: not within ${options.timeout} ms${last ? ` (last error: ${last})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, options.interval ?? 250));
  }
}
