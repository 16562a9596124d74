import type Docker from 'dockerode';
import type { Engine } from '../connection';
import { KEY_LABEL, type StackObject } from './objects';
import {
  describeStackOperation,
  placeholderRefs,
  SPEC_HASH_LABEL,
  specHash,
  type StackOperation,
  type StackPlan,
} from './planStack';
import { NAMESPACE_LABEL, stackServiceSpec, type ResolvedReferences } from './serviceSpec';
import { engineMessage } from '../engineMessage';

/**
 * Carries out a stack plan through the services API: networks, secrets and configs first, then every service at
 * once (a few in flight), then old secret/config versions nothing uses any more. A failure stops new work and
 * the result says what exists now.
 */

export interface StackProgress {
  readonly operation: StackOperation;
  readonly phase: 'started' | 'done' | 'failed';
  readonly message: string;
}

export interface StackApplyResult {
  readonly ok: boolean;
  readonly done: readonly StackOperation[];
  readonly failed?: { readonly operation?: StackOperation; readonly message: string };
  readonly notStarted: readonly StackOperation[];
  /** Old secret/config versions removed after the deploy. */
  readonly removedVersions: readonly string[];
}

const CONCURRENCY = 8;

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

async function createObject(docker: Docker, object: StackObject): Promise<void> {
  const spec = { Name: object.name, Labels: { ...object.labels }, Data: object.data?.toString('base64') ?? '' };
  if (object.section === 'secrets') await docker.createSecret(spec);
  else await docker.createConfig(spec);
}

async function resolveReferences(docker: Docker, objects: readonly StackObject[]): Promise<ResolvedReferences> {
  const [secrets, configs] = await Promise.all([docker.listSecrets(), docker.listConfigs()]);
  const ids = new Map([
    ...secrets.map((s) => [s.Spec?.Name ?? '', s.ID] as const),
    ...configs.map((c) => [c.Spec?.Name ?? '', c.ID] as const),
  ]);
  const of = (section: 'secrets' | 'configs'): Map<string, { id: string; name: string }> =>
    new Map(objects.filter((o) => o.section === section).map((o) => [o.key, { id: ids.get(o.name) ?? '', name: o.name }]));
  return { secrets: of('secrets'), configs: of('configs') };
}

/** Update with the current version index; "update out of sequence" means someone else updated: read and retry. */
async function updateService(docker: Docker, name: string, spec: Docker.CreateServiceOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const service = docker.getService(name);
    const current = (await service.inspect()) as Docker.Service;
    const force =
      current.Spec?.TaskTemplate && 'ForceUpdate' in current.Spec.TaskTemplate
        ? (current.Spec.TaskTemplate as { ForceUpdate?: number }).ForceUpdate
        : undefined;
    const body = {
      ...spec,
      TaskTemplate: { ...(spec.TaskTemplate as object), ...(force !== undefined ? { ForceUpdate: force } : {}) },
    };
    try {
      await service.update({ _query: { version: current.Version?.Index }, _body: body });
      return;
    } catch (error) {
      if (attempt >= 5 || !/out of sequence/i.test(engineMessage(error))) throw error;
    }
  }
}

async function runOperation(docker: Docker, plan: StackPlan, refs: ResolvedReferences, op: StackOperation): Promise<void> {
  switch (op.kind) {
    case 'create-network': {
      const network = plan.project.networks[op.key];
      await docker.createNetwork({
        Name: op.name,
        Driver: network?.driver ?? 'overlay',
        Labels: { ...(network?.labels ?? {}), [NAMESPACE_LABEL]: plan.stack },
        ...(network?.attachable ? { Attachable: true } : {}),
        ...(network?.internal ? { Internal: true } : {}),
        ...(network?.driver_opts ? { Options: { ...network.driver_opts } } : {}),
      });
      return;
    }
    case 'create-secret':
    case 'create-config':
      await createObject(docker, op.object);
      return;
    case 'create-service':
    case 'update-service': {
      const service = plan.project.services[op.service];
      if (!service) return;
      const hash = specHash(stackServiceSpec(plan.project, plan.stack, service, placeholderRefs(plan.objects)));
      const spec = stackServiceSpec(plan.project, plan.stack, service, refs);
      const labelled = { ...spec, Labels: { ...(spec.Labels ?? {}), [SPEC_HASH_LABEL]: hash } };
      if (op.kind === 'create-service') await docker.createService({}, labelled);
      else await updateService(docker, op.name, labelled);
      return;
    }
    case 'remove-service':
      await docker.getService(op.id).remove();
      return;
    default:
      return;
  }
}

/** Removes secret/config versions of the stack that the file no longer names (the services have moved on). */
async function removeOldVersions(docker: Docker, plan: StackPlan): Promise<string[]> {
  const keep = new Set(plan.objects.map((o) => o.name));
  const filters = { label: [`${NAMESPACE_LABEL}=${plan.stack}`, KEY_LABEL] };
  const [secrets, configs] = await Promise.all([docker.listSecrets({ filters }), docker.listConfigs({ filters })]);
  const removed: string[] = [];
  const old = [
    ...secrets.map((s) => ['secret', s.ID, s.Spec?.Name ?? ''] as const),
    ...configs.map((c) => ['config', c.ID, c.Spec?.Name ?? ''] as const),
  ].filter(([, , name]) => !keep.has(name));
  for (const [kind, id, name] of old) {
    // Still used by a task that is shutting down: it stays, and goes with a later deploy or `rm`.
    const ok = await (kind === 'secret' ? docker.getSecret(id).remove() : docker.getConfig(id).remove()).then(
      () => true,
      () => false,
    );
    if (ok) removed.push(name);
  }
  return removed;
}

export async function applyStackPlan(
  engine: Engine,
  plan: StackPlan,
  options: { readonly onProgress?: (event: StackProgress) => void } = {},
): Promise<StackApplyResult> {
  const { docker } = engine;
  if (plan.blockers.length > 0)
    return {
      ok: false,
      done: [],
      failed: { message: plan.blockers.join('; ') },
      notStarted: plan.operations,
      removedVersions: [],
    };
  const done: StackOperation[] = [];
  let failure: { operation?: StackOperation; message: string } | undefined;
  const step = async (op: StackOperation, refs: ResolvedReferences): Promise<void> => {
    if (failure || op.kind === 'keep-service') return;
    options.onProgress?.({ operation: op, phase: 'started', message: describeStackOperation(op) });
    try {
      await runOperation(docker, plan, refs, op);
      done.push(op);
      options.onProgress?.({ operation: op, phase: 'done', message: describeStackOperation(op) });
    } catch (error) {
      const message = `${describeStackOperation(op).split(':')[0] ?? op.kind} failed: ${engineMessage(error)}`;
      failure ??= { operation: op, message };
      options.onProgress?.({ operation: op, phase: 'failed', message });
    }
  };
  const empty: ResolvedReferences = { secrets: new Map(), configs: new Map() };
  const first = plan.operations.filter(
    (op) => op.kind === 'create-network' || op.kind === 'create-secret' || op.kind === 'create-config',
  );
  await inParallel(first, CONCURRENCY, (op) => step(op, empty));
  const refs = failure || plan.objects.length === 0 ? empty : await resolveReferences(docker, plan.objects);
  const services = plan.operations.filter((op) => op.kind.endsWith('-service'));
  await inParallel(services, CONCURRENCY, (op) => step(op, refs));
  const removedVersions = failure ? [] : await removeOldVersions(docker, plan);
  const notStarted = plan.operations.filter(
    (op) => op.kind !== 'keep-service' && !done.includes(op) && op !== failure?.operation,
  );
  return { ok: !failure, done, ...(failure ? { failed: failure } : {}), notStarted, removedVersions };
}
