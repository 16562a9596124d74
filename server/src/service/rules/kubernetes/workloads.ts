import { asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import {
  invalidMessage,
  isInt,
  NEGATIVE_ERROR,
  notSupportedMessage,
  podSpecOf,
  reporter,
  type FieldPath,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';
import { isBuiltIn } from './names';

const ALWAYS_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);
const JOB_KINDS = new Set(['Job', 'CronJob']);

/** The counts each kind's validation holds to ≥ 0, by their path under the object. */
const COUNTS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  Deployment: [
    ['spec', 'replicas'],
    ['spec', 'minReadySeconds'],
    ['spec', 'revisionHistoryLimit'],
    ['spec', 'progressDeadlineSeconds'],
  ],
  ReplicaSet: [
    ['spec', 'replicas'],
    ['spec', 'minReadySeconds'],
  ],
  ReplicationController: [
    ['spec', 'replicas'],
    ['spec', 'minReadySeconds'],
  ],
  StatefulSet: [
    ['spec', 'replicas'],
    ['spec', 'minReadySeconds'],
    ['spec', 'revisionHistoryLimit'],
  ],
  DaemonSet: [
    ['spec', 'minReadySeconds'],
    ['spec', 'revisionHistoryLimit'],
  ],
  Job: [
    ['spec', 'parallelism'],
    ['spec', 'completions'],
    ['spec', 'backoffLimit'],
    ['spec', 'activeDeadlineSeconds'],
    ['spec', 'ttlSecondsAfterFinished'],
  ],
  CronJob: [
    ['spec', 'startingDeadlineSeconds'],
    ['spec', 'successfulJobsHistoryLimit'],
    ['spec', 'failedJobsHistoryLimit'],
    ['spec', 'jobTemplate', 'spec', 'parallelism'],
    ['spec', 'jobTemplate', 'spec', 'completions'],
    ['spec', 'jobTemplate', 'spec', 'backoffLimit'],
  ],
};

function valueAt(object: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = object;
  for (const s of path) v = asObject(v)[s];
  return v;
}

export const restartPolicyMessage = (path: FieldPath, value: string, kind: string): string =>
  notSupportedMessage(path, value, JOB_KINDS.has(kind) ? ['OnFailure', 'Never'] : ['Always']);

function checkRestartPolicy(input: ObjectInput, r: Reporter, kind: string): void {
  const pod = podSpecOf(input.object);
  if (!pod || !(ALWAYS_KINDS.has(kind) || JOB_KINDS.has(kind))) return;
  const path = [...pod.path, 'restartPolicy'];
  const written = pod.spec['restartPolicy'];
  // Unset, the API server defaults it to Always, which a Job refuses.
  if (written === undefined && (input.partial || !JOB_KINDS.has(kind))) return;
  const value = typeof written === 'string' ? written : 'Always';
  const allowed = JOB_KINDS.has(kind) ? value === 'OnFailure' || value === 'Never' : value === 'Always';
  if (!allowed) r.report(path, CODE.k8sRestartPolicy, restartPolicyMessage(path, value, kind));
}

function checkDeploymentStrategy(object: Record<string, unknown>, r: Reporter): void {
  const spec = asObject(object['spec']);
  const deadline = spec['progressDeadlineSeconds'];
  const minReady = spec['minReadySeconds'];
  if (isInt(deadline) && isInt(minReady) && deadline >= 0 && deadline <= minReady)
    r.report(
      ['spec', 'progressDeadlineSeconds'],
      CODE.k8sNegativeCount,
      invalidMessage(['spec', 'progressDeadlineSeconds'], deadline, 'must be greater than minReadySeconds'),
    );
  const rolling = asObject(asObject(spec['strategy'])['rollingUpdate']);
  const path = ['spec', 'strategy', 'rollingUpdate'];
  for (const field of ['maxUnavailable', 'maxSurge']) {
    const v = rolling[field];
    if (isInt(v) && v < 0) r.report([...path, field], CODE.k8sNegativeCount, invalidMessage([...path, field], v, NEGATIVE_ERROR));
    if (typeof v === 'string' && /^\d+%$/.test(v) && Number(v.slice(0, -1)) > 100 && field === 'maxUnavailable')
      r.report([...path, field], CODE.k8sNegativeCount, invalidMessage([...path, field], v, 'must not be greater than 100%'));
  }
  const isZero = (v: unknown): boolean => v === 0 || v === '0%';
  if (isZero(rolling['maxUnavailable']) && isZero(rolling['maxSurge']))
    r.report(
      [...path, 'maxUnavailable'],
      CODE.k8sNegativeCount,
      invalidMessage([...path, 'maxUnavailable'], rolling['maxUnavailable'], 'may not be 0 when `maxSurge` is 0'),
    );
}

/**
 * Workloads: the pod template's restartPolicy (Always for Deployments, ReplicaSets, StatefulSets and DaemonSets;
 * OnFailure or Never for Jobs and CronJobs, where unset means Always), replicas and other counts not negative, and
 * a Deployment's progress deadline and rolling-update bounds.
 */
export function workloadDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (!isBuiltIn(input.object)) return r.out;
  const kind = String(input.object['kind']);
  checkRestartPolicy(input, r, kind);
  for (const path of COUNTS[kind] ?? []) {
    const v = valueAt(input.object, path);
    if (isInt(v) && v < 0) r.report(path, CODE.k8sNegativeCount, invalidMessage(path, v, NEGATIVE_ERROR));
  }
  const pod = podSpecOf(input.object);
  if (pod) {
    for (const field of ['terminationGracePeriodSeconds']) {
      const v = pod.spec[field];
      if (isInt(v) && v < 0)
        r.report([...pod.path, field], CODE.k8sNegativeCount, invalidMessage([...pod.path, field], v, NEGATIVE_ERROR));
    }
    const deadline = pod.spec['activeDeadlineSeconds'];
    if (isInt(deadline) && deadline < 1)
      r.report(
        [...pod.path, 'activeDeadlineSeconds'],
        CODE.k8sNegativeCount,
        invalidMessage([...pod.path, 'activeDeadlineSeconds'], deadline, 'must be between 1 and 2147483647, inclusive'),
      );
  }
  if (kind === 'Deployment') checkDeploymentStrategy(input.object, r);
  return r.out;
}
