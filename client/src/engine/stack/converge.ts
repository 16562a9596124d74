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
  /** The rolling update this deploy started, as swarm reports it (`updating`, `rollback_started`, `completed` …). */
  readonly updateState?: string;
  readonly updateMessage?: string;
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

interface UpdateStatus {
  readonly State?: string;
  readonly Message?: string;
  readonly StartedAt?: string;
}

/** Failed tasks since the deploy began that make a service hopeless (swarm itself would retry forever). */
const FAILURES_TO_GIVE_UP = 3;
/** A task the scheduler has kept pending with a reason this long ("no suitable node …") will not be placed. */
const PENDING_GIVE_UP_MS = 15_000;
/** Swarm's default update monitor period (UpdateConfig.Monitor), which the docker CLI also waits to verify. */
const DEFAULT_MONITOR_MS = 5_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Update states after which swarm does nothing more by itself: the update failed. */
const UPDATE_FAILED = new Set(['paused', 'rollback_paused', 'rollback_completed']);
/** Update states during which swarm is still working (and, with failure_action rollback or pause, judging failures). */
const UPDATE_RUNNING = new Set(['updating', 'rollback_started']);

/** The service's update status, unless it belongs to an update that started before this deploy (an old verdict). */
function currentUpdate(service: Docker.Service, since: number): UpdateStatus | undefined {
  const update = (service as { UpdateStatus?: UpdateStatus }).UpdateStatus;
  if (!update?.State) return undefined;
  const started = Date.parse(update.StartedAt ?? '');
  return Number.isNaN(started) || started >= since - 1000 ? update : undefined;
}

/**
 * A service whose task template this deploy changed, and for which swarm has not yet reported an update: right after
 * the update call its old tasks still run (and a scale-down makes the counts match at once), so "converged" is only
 * believed once it has held for the service's update monitor period, as `docker stack deploy --detach=false` verifies
 * ("Waiting 5 seconds to verify that tasks are stable"). Returns that period in ms, or 0 when nothing is to verify.
 */
export function verifyPeriodMs(service: Docker.Service, since: number): number {
  const previous = (service as { PreviousSpec?: { TaskTemplate?: unknown } }).PreviousSpec;
  const updatedAt = Date.parse((service as { UpdatedAt?: string }).UpdatedAt ?? '');
  if (!previous || Number.isNaN(updatedAt) || updatedAt < since - 1000) return 0;
  if (JSON.stringify(previous.TaskTemplate) === JSON.stringify(service.Spec?.TaskTemplate)) return 0;
  if (currentUpdate(service, since)?.State === 'completed') return 0;
  const monitorNs = (service.Spec?.UpdateConfig as { Monitor?: number } | undefined)?.Monitor;
  return monitorNs ? Math.round(monitorNs / 1e6) : DEFAULT_MONITOR_MS;
}

function serviceState(
  service: Docker.Service,
  tasks: readonly Task[],
  since: number,
  cause: Map<string, string>,
): ServiceConvergence & { failed: boolean } {
  const name = service.Spec?.Name ?? service.ID;
  const mine = tasks.filter((t) => t.ServiceID === service.ID);
  const wanted = mine.filter((t) => t.DesiredState === 'running');
  const running = wanted.filter((t) => t.Status?.State === 'running').length;
  const mode = service.Spec?.Mode;
  const desired = mode?.Replicated ? (mode.Replicated.Replicas ?? 1) : wanted.length;
  const failedTasks = mine
    .filter(
      (t) => (t.Status?.State === 'failed' || t.Status?.State === 'rejected') && Date.parse(t.CreatedAt ?? '') >= since - 1000,
    )
    .sort((a, b) => Date.parse(b.CreatedAt ?? '') - Date.parse(a.CreatedAt ?? ''));
  const errors = [...new Set(failedTasks.map((t) => t.Status?.Err ?? t.Status?.State ?? 'failed'))];
  const update = currentUpdate(service, since);
  const updateState = update?.State;
  const updateFailed = UPDATE_FAILED.has(updateState ?? '');
  const updating = UPDATE_RUNNING.has(updateState ?? '');
  // While swarm judges an update itself (failure_action rollback or pause), its verdict is awaited, not pre-empted.
  const action = (service.Spec?.UpdateConfig as { FailureAction?: string } | undefined)?.FailureAction ?? 'pause';
  const swarmJudges = updating && action !== 'continue';
  const stuck = wanted.filter(
    (t) => t.Status?.State === 'pending' && t.Status.Err && Date.now() - Date.parse(t.CreatedAt ?? '') > PENDING_GIVE_UP_MS,
  );
  const failed =
    updateFailed || (!swarmJudges && failedTasks.length >= FAILURES_TO_GIVE_UP && running < desired) || stuck.length > 0;
  const unplaced = [...new Set(stuck.map((t) => `cannot be placed: ${t.Status?.Err ?? ''}`))];
  // Swarm says why it rolls back or pauses only while it does ("… failure or early termination of task x"); the final
  // state just says "rollback completed". The first reason seen is kept for the verdict.
  if ((updateState === 'rollback_started' || updateFailed) && update?.Message && !cause.has(service.ID))
    cause.set(service.ID, update.Message);
  const verdict = updateState === 'rollback_completed' ? 'update rolled back' : `update ${updateState ?? ''}`;
  const reason = cause.get(service.ID) ?? update?.Message ?? '';
  const allErrors = [...(updateFailed ? [`${verdict}: ${reason}`] : []), ...unplaced, ...errors];
  return {
    name,
    running,
    desired,
    converged: !updating && !updateFailed && running === desired && (desired > 0 || mode?.Replicated !== undefined),
    errors: allErrors,
    ...(updateState ? { updateState } : {}),
    ...(update?.Message ? { updateMessage: update.Message } : {}),
    failed,
  };
}

/** One line per service for progress: `web 2/3, updating (update in progress), errors: No such image: x`. */
export function describeConvergence(s: ServiceConvergence): string {
  const update = s.updateState ? `, ${s.updateState}${s.updateMessage ? ` (${s.updateMessage})` : ''}` : '';
  const errors = s.errors.length > 0 ? `, errors: ${s.errors.slice(0, 3).join('; ')}` : '';
  return `${s.name} ${s.running}/${s.desired}${update}${errors}`;
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
  const cause = new Map<string, string>();
  /** Since when each service has looked converged without a break. */
  const convergedAt = new Map<string, number>();
  for (;;) {
    const services = await docker.listServices({ filters: { label: [`${NAMESPACE_LABEL}=${stack}`] } });
    const tasks =
      services.length > 0 ? ((await docker.listTasks({ filters: { service: services.map((s) => s.ID) } })) as Task[]) : [];
    const now = Date.now();
    const states = services
      .map((s) => {
        const state = serviceState(s, tasks, since, cause);
        if (!state.converged) convergedAt.delete(s.ID);
        else if (!convergedAt.has(s.ID)) convergedAt.set(s.ID, now);
        const verified = now - (convergedAt.get(s.ID) ?? now) >= verifyPeriodMs(s, since);
        return state.converged && !verified ? { ...state, converged: false } : state;
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    // Progress whenever anything shown changes: counts, update state and message, task errors.
    const summary = states.map(describeConvergence).join('\n');
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
