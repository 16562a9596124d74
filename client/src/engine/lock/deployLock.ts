import { hostname, userInfo } from 'node:os';
import type Docker from 'dockerode';
import type { Engine } from '../connection';
import { engineMessage } from '../engineMessage';
import { createLease, engineClockOffset, ensureLockImage, lockName, readLease, renewLease, type LockHolder } from './lease';

/**
 * One deploy, scale or down at a time per compose project or stack, across processes and machines: the lock is held
 * on the engine (see lease.ts). A second caller waits, told who holds it and since when, or is refused at once when
 * it asked not to wait. A holder renews its lease while it works; the lease of a process that was killed runs out
 * (at once when it was a process of this machine), and the next caller removes it (by its id, so two callers that
 * both found it stale cannot both win).
 */

export type { LockHolder };

export interface LockTarget {
  readonly kind: 'compose' | 'stack';
  readonly name: string;
}

export interface LockOptions {
  /** deploy, scale, down: shown to whoever waits. */
  readonly operation: string;
  /** The program, for the holder's description (`stevedore CLI`, `VS Code`). */
  readonly client: string;
  /** False: refuse at once (DeployLockHeld) when another holds the lock. Default true. */
  readonly wait?: boolean;
  /** A lease not renewed for this long is stale (default 30 s); it is renewed every third of it. */
  readonly ttlMs?: number;
  /** How often a waiter looks again (default 1 s). */
  readonly pollMs?: number;
  /**
   * Told each time a waiter finds the lock held (the holder may change between calls), then once with undefined when
   * the wait is over (the lock taken, or the wait given up).
   */
  readonly onWait?: (holder: LockHolder | undefined) => void;
  /** Told when a stale lock (its holder gone) is removed. */
  readonly onStale?: (holder: LockHolder) => void;
  /** Stops waiting: the promise rejects with DeployLockHeld. */
  readonly signal?: AbortSignal;
}

/** What an action that applies changes passes on to the lock it takes itself: who asks, and how it waits. */
export type LockClient = Pick<LockOptions, 'client' | 'wait' | 'onWait' | 'pollMs' | 'signal'>;

export interface DeployLock {
  readonly target: LockTarget;
  /** True when the lease could not be renewed because someone removed it: the lock is no longer ours. */
  readonly lost: boolean;
  release(): Promise<void>;
}

const subject = (target: LockTarget): string => `${target.kind === 'stack' ? 'stack' : 'project'} ${target.name}`;

/** `deploy by alice (stevedore CLI) on build-7, pid 4242, since 12:01:02 UTC`. */
export function describeHolder(holder: LockHolder): string {
  const since = new Date(holder.since)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return `${holder.operation} by ${holder.owner} on ${holder.host}, pid ${holder.pid}, since ${since}`;
}

export class DeployLockHeld extends Error {
  constructor(
    readonly target: LockTarget,
    readonly holder: LockHolder,
  ) {
    super(`${subject(target)} is locked: ${describeHolder(holder)}`);
    this.name = 'DeployLockHeld';
  }
}

const statusOf = (error: unknown): number | undefined => (error as { statusCode?: number }).statusCode;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Takes the lock of `target`, waiting for it unless asked not to. The caller releases it (see withDeployLock). */
export async function acquireDeployLock(engine: Engine, target: LockTarget, options: LockOptions): Promise<DeployLock> {
  let waited = false;
  const onWait = (holder: LockHolder | undefined): void => {
    waited ||= holder !== undefined;
    options.onWait?.(holder);
  };
  try {
    return await takeLock(engine, target, { ...options, onWait });
  } finally {
    if (waited) options.onWait?.(undefined);
  }
}

async function takeLock(engine: Engine, target: LockTarget, options: LockOptions): Promise<DeployLock> {
  const { docker } = engine;
  const ttl = options.ttlMs ?? 30_000;
  const offset = await engineClockOffset(docker);
  const now = (): number => Date.now() + offset;
  await ensureLockImage(docker);
  const name = lockName(target.kind, target.name);
  const me = (): LockHolder => ({
    owner: `${userName()} (${options.client})`,
    host: hostname(),
    pid: process.pid,
    operation: options.operation,
    since: now(),
    expiresAt: now() + ttl,
  });
  for (;;) {
    const holder = me();
    try {
      const id = await createLease(docker, name, `${target.kind}/${target.name}`, holder);
      return heldLock(docker, target, id, holder, ttl, now);
    } catch (error) {
      if (statusOf(error) !== 409) throw new Error(`cannot take the lock of ${subject(target)}: ${engineMessage(error)}`);
    }
    const current = await readLease(docker, name);
    if (!current) continue;
    if (isStale(current.id, current.holder, now())) {
      await docker
        .getContainer(current.id)
        .remove({ force: true })
        .catch((error: unknown) => {
          // 404: gone already; 409: its removal is under way (a lock released a moment ago). Look again either way.
          if (statusOf(error) !== 404 && statusOf(error) !== 409) throw error;
        });
      options.onStale?.(current.holder);
      continue;
    }
    if (options.wait === false || options.signal?.aborted) throw new DeployLockHeld(target, current.holder);
    options.onWait?.(current.holder);
    await sleep(options.pollMs ?? 1000, options.signal);
  }
}

/**
 * The locks this process holds, by container id: a lease that names this process but is not here is one whose
 * release failed (the engine went away meanwhile), and may be taken back at once.
 */
const heldHere = new Set<string>();

/** Run out; or left by a process of this machine that is gone (no need to wait for its lease). */
function isStale(id: string, holder: LockHolder, now: number): boolean {
  if (holder.expiresAt < now) return true;
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldHere.has(id);
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}

function heldLock(
  docker: Docker,
  target: LockTarget,
  id: string,
  holder: LockHolder,
  ttl: number,
  now: () => number,
): DeployLock {
  let lost = false;
  heldHere.add(id);
  let renewing: Promise<void> = renewLease(docker, id, holder).catch(() => undefined);
  const timer = setInterval(() => {
    renewing = renewing.then(() =>
      renewLease(docker, id, { ...holder, expiresAt: now() + ttl }).catch((error: unknown) => {
        if (statusOf(error) === 404) lost = true;
      }),
    );
  }, ttl / 3);
  timer.unref();
  return {
    target,
    get lost() {
      return lost;
    },
    async release() {
      clearInterval(timer);
      heldHere.delete(id);
      await renewing;
      await docker
        .getContainer(id)
        .remove({ force: true })
        .catch((error: unknown) => {
          if (statusOf(error) !== 404) throw error;
        });
    },
  };
}

/** Runs `work` holding the lock of `target`, and releases it however `work` ends. */
export async function withDeployLock<T>(
  engine: Engine,
  target: LockTarget,
  options: LockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const lock = await acquireDeployLock(engine, target, options);
  try {
    return await work();
  } finally {
    await lock.release().catch(() => undefined);
  }
}
