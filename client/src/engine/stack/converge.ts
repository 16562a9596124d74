import type Docker from 'dockerode';
import type { Engine } from '../connection';
import { NAMESPACE_LABEL } from './serviceSpec';

/**
 * Waits until every service of a stack runs what it was asked to, all services at once (the docker CLI waits for
 * them one after another): replicated services with all replicas running, global ones with a running task on
 * each node that takes one, updates completed. A service whose tasks keep failing, or whose update paused or rolled
 * back, is reported with the tasks' own errors instead of being waited for until the timeout.
 */

export interface ServiceConvergence {
  readonly name: string;
  readonly running: number;
  readonly desired: number;
  readonly converged: boolean;
  /** Recent task errors ("No such image: x"), newest first, without repeats. */
  readonly errors: readonly string[];
  readonly updateState?: string;
}

export interface ConvergeResult {
  readonly ok: boolean;
  readonly services: readonly ServiceConvergence[];
  readonly message: string;
}

type Task = Docker.Task & {
  Status?: { State?: string; Err?: string; Timestamp?: string };
  DesiredState?: string;
  ServiceID?: string;
  CreatedAt?: string;
};

/** Failed tasks since the deploy began that make a service hopeless (swarm itself would retry forever). */
const FAILURES_TO_GIVE_UP = 3;
/** A task the scheduler has kept pending with a reason this long ("no suitable node …") will not be placed. */
const PENDING_GIVE_UP_MS = 15_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function serviceState(service: Docker.Service, tasks: readonly Task[], since: number): ServiceConvergence & { failed: boolean } {
  const name = service.Spec?.Name ?? service.ID;
  const mine = tasks.filter((t) => t.ServiceID === service.ID);
  const wanted = mine.filter((t) => t.DesiredState === 'running');
  const running = wanted.filter((t) => t.Status?.State === 'running').length;
  const mode = service.Spec?.Mode;
  const desired = mode?.Replicated ? (mode.Replicated.Replicas ?? 1) : wanted.length;
  const failedTasks = mine.filter(
    (t) => (t.Status?.State === 'failed' || t.Status?.State === 'rejected') && Date.parse(t.CreatedAt ?? '') >= since - 1000,
  );
  const errors = [...new Set(failedTasks.map((t) => t.Status?.Err ?? t.Status?.State ?? 'failed'))];
  const update = (service as { UpdateStatus?: { State?: string; Message?: string } }).UpdateStatus;
  const updateState = update?.State;
  const updateFailed =
    updateState === 'paused' ||
    updateState === 'rollback_paused' ||
    updateState === 'rollback_started' ||
    updateState === 'rollback_completed';
  const updating = updateState === 'updating';
  const stuck = wanted.filter(
    (t) => t.Status?.State === 'pending' && t.Status.Err && Date.now() - Date.parse(t.CreatedAt ?? '') > PENDING_GIVE_UP_MS,
  );
  const failed = updateFailed || (failedTasks.length >= FAILURES_TO_GIVE_UP && running < desired) || stuck.length > 0;
  const unplaced = [...new Set(stuck.map((t) => `cannot be placed: ${t.Status?.Err ?? ''}`))];
  const allErrors = [...(updateFailed && update?.Message ? [update.Message] : []), ...unplaced, ...errors];
  return {
    name,
    running,
    desired,
    converged: !updating && !updateFailed && running === desired && (desired > 0 || mode?.Replicated !== undefined),
    errors: allErrors,
    ...(updateState ? { updateState } : {}),
    failed,
  };
}

export async function waitForStack(
  engine: Engine,
  stack: string,
  options: {
    readonly timeoutMs?: number;
    readonly since?: number;
    readonly onProgress?: (services: readonly ServiceConvergence[]) => void;
  } = {},
): Promise<ConvergeResult> {
  const { docker } = engine;
  const since = options.since ?? Date.now();
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  let last = '';
  for (;;) {
    const services = await docker.listServices({ filters: { label: [`${NAMESPACE_LABEL}=${stack}`] } });
    const tasks =
      services.length > 0 ? ((await docker.listTasks({ filters: { service: services.map((s) => s.ID) } })) as Task[]) : [];
    const states = services.map((s) => serviceState(s, tasks, since)).sort((a, b) => a.name.localeCompare(b.name));
    const summary = states.map((s) => `${s.name} ${s.running}/${s.desired}`).join(', ');
    if (summary !== last) options.onProgress?.(states);
    last = summary;
    const failed = states.filter((s) => s.failed);
    if (failed.length > 0)
      return {
        ok: false,
        services: states,
        message: failed
          .map((s) => `${s.name}: ${s.running}/${s.desired} running; ${s.errors.slice(0, 3).join('; ') || s.updateState}`)
          .join('\n'),
      };
    if (states.every((s) => s.converged)) return { ok: true, services: states, message: `${states.length} service(s) converged` };
    if (Date.now() > deadline) {
      const waiting = states.filter((s) => !s.converged);
      return {
        ok: false,
        services: states,
        message: `timed out; not converged: ${waiting.map((s) => `${s.name} ${s.running}/${s.desired}${s.errors.length ? ` (${s.errors[0] ?? ''})` : ''}`).join(', ')}`,
      };
    }
    await sleep(300);
  }
}
