import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { ComposeProject } from '@stevedore/model';
import type { Engine } from '../connection';
import { swarmState } from '../swarm/swarmState';
import { KEY_LABEL, stackObjects, type StackObject } from './objects';
import { NAMESPACE_LABEL, scoped, stackServiceSpec } from './serviceSpec';

/**
 * The stack plan: what `docker stack deploy` would do, as typed operations with reasons, computed from the file
 * and what the swarm runs. Service specs are complete here (secret and config ids filled in once those exist).
 */

export const SPEC_HASH_LABEL = 'org.stevedore.spec-hash';

export type StackOperation =
  | { readonly kind: 'create-network'; readonly name: string; readonly key: string; readonly reason: string }
  | {
      readonly kind: 'create-secret' | 'create-config';
      readonly object: StackObject;
      readonly name: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'create-service' | 'update-service' | 'keep-service';
      readonly service: string;
      readonly name: string;
      readonly reason: string;
    }
  | { readonly kind: 'remove-service'; readonly name: string; readonly id: string; readonly reason: string };

export interface StackPlan {
  readonly stack: string;
  readonly project: ComposeProject;
  readonly operations: readonly StackOperation[];
  readonly blockers: readonly string[];
  readonly objects: readonly StackObject[];
  /** Existing services of the stack by name. */
  readonly existing: ReadonlyMap<string, Docker.Service>;
}

/** Hash of what we ask for, stored on the service: an unchanged file gives an unchanged hash, so nothing to update. */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

const FRIENDLY: [RegExp, string][] = [
  [/^TaskTemplate\.ContainerSpec\.Image$/, 'image'],
  [/^TaskTemplate\.ContainerSpec\.Env$/, 'environment'],
  [/^TaskTemplate\.ContainerSpec\.Args$/, 'command'],
  [/^TaskTemplate\.ContainerSpec\.Command$/, 'entrypoint'],
  [/^Mode\..*/, 'replicas/mode'],
  [/^EndpointSpec.*/, 'ports'],
];

function friendly(path: string): string {
  for (const [pattern, name] of FRIENDLY) if (pattern.test(path)) return name;
  return path.replace(/^TaskTemplate\.(ContainerSpec\.)?/, '');
}

/** Paths of what we ask for that the running spec does not have, in the user's words ("image", "environment"). */
export function specChanges(desired: unknown, current: unknown, path = ''): string[] {
  if (JSON.stringify(desired) === JSON.stringify(current)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(desired) && isObj(current))
    return Object.keys(desired)
      .filter((k) => k !== 'Labels' || path !== '')
      .flatMap((k) => specChanges(desired[k], current[k], path ? `${path}.${k}` : k));
  // The engine fills in defaults inside list items (mount options…): compare items as subsets too.
  if (Array.isArray(desired) && Array.isArray(current) && desired.length === current.length && desired.some(isObj))
    return desired.flatMap((item, i) => specChanges(item, current[i], path)).slice(0, 1);
  return [path];
}

async function listStack(docker: Docker, stack: string): Promise<{ services: Docker.Service[]; networks: Map<string, string> }> {
  const filters = { label: [`${NAMESPACE_LABEL}=${stack}`] };
  const [services, networks] = await Promise.all([docker.listServices({ filters }), docker.listNetworks()]);
  // The engine keeps network targets as ids; put names back so a spec compares with the one we would send.
  const names = new Map(networks.map((n) => [n.Id, n.Name]));
  const named = services.map(
    (s) =>
      JSON.parse(JSON.stringify(s), (key, value: unknown) =>
        key === 'Target' && typeof value === 'string' ? (names.get(value) ?? value) : value,
      ) as Docker.Service,
  );
  return { services: named, networks: new Map(networks.map((n) => [n.Name, n.Scope])) };
}

export async function planStack(
  engine: Engine,
  project: ComposeProject,
  stack: string,
  options: { readonly prune?: boolean } = {},
): Promise<StackPlan> {
  const { docker } = engine;
  const blockers: string[] = [];
  const { objects, problems } = stackObjects(project, stack);
  // Every read the plan needs goes out at once; on a non-manager the stack reads fail, and the blocker says why.
  const [swarm, listed, present] = await Promise.all([
    swarmState(engine),
    listStack(docker, stack).catch(() => ({ services: [], networks: new Map<string, string>() })),
    objects.length > 0 ? existingObjectNames(docker).catch(() => new Set<string>()) : new Set<string>(),
  ]);
  if (!swarm.manager)
    blockers.push(
      `the engine at ${engine.endpoint.url} is not a swarm manager; run \`docker swarm init\` there, or choose a manager's engine`,
    );
  if (project.name !== stack) blockers.push(`the file was loaded as project ${project.name}, not as stack ${stack}`);
  const { services, networks } = blockers.length > 0 ? { services: [], networks: new Map<string, string>() } : listed;
  const existing = new Map(services.map((s) => [s.Spec?.Name ?? '', s]));
  const operations: StackOperation[] = [];

  const usedNetworks = new Set(Object.values(project.services).flatMap((s) => Object.keys(s.networks ?? { default: {} })));
  for (const key of [...usedNetworks].sort()) {
    const network = project.networks[key];
    const name = network?.name ?? scoped(stack, key);
    const scope = networks.get(name);
    if (scope === 'swarm') continue;
    if (scope !== undefined) {
      blockers.push(
        `network ${name} exists on this engine but is ${scope}-scoped, so services cannot use it (a compose project of the same name?); remove it, or deploy under another stack name`,
      );
      continue;
    }
    if (network?.external) blockers.push(`external network ${name} does not exist; create it (driver overlay) first`);
    else operations.push({ kind: 'create-network', key, name, reason: 'new' });
  }

  blockers.push(...problems);
  for (const object of objects) {
    if (present.has(object.name)) continue;
    if (object.external) blockers.push(`external ${object.section.slice(0, -1)} ${object.name} does not exist`);
    else
      operations.push({
        kind: object.section === 'secrets' ? 'create-secret' : 'create-config',
        object,
        name: object.name,
        reason: 'new content',
      });
  }

  const refs = placeholderRefs(objects);
  for (const service of Object.values(project.services)) {
    const name = scoped(stack, service.name);
    const desired = stackServiceSpec(project, stack, service, refs);
    const current = existing.get(name);
    if (!current) operations.push({ kind: 'create-service', service: service.name, name, reason: 'new' });
    else if (current.Spec?.Labels?.[SPEC_HASH_LABEL] === specHash(desired))
      operations.push({ kind: 'keep-service', service: service.name, name, reason: 'up to date' });
    else {
      const changed = [...new Set(specChanges(withoutIds(desired), withoutIds(current.Spec)).map(friendly))];
      const reason = current.Spec?.Labels?.[SPEC_HASH_LABEL]
        ? `${changed.slice(0, 5).join(', ') || 'configuration'} changed`
        : 'deployed by another tool; updating to the file';
      operations.push({ kind: 'update-service', service: service.name, name, reason });
    }
  }
  if (options.prune)
    for (const [name, service] of existing)
      if (!Object.values(project.services).some((s) => scoped(stack, s.name) === name))
        operations.push({ kind: 'remove-service', name, id: service.ID, reason: 'prune: no longer in the file' });
  return { stack, project, operations, blockers, objects, existing };
}

async function existingObjectNames(docker: Docker): Promise<Set<string>> {
  const [secrets, configs] = await Promise.all([docker.listSecrets(), docker.listConfigs()]);
  return new Set([...secrets.map((s) => s.Spec?.Name ?? ''), ...configs.map((c) => c.Spec?.Name ?? '')]);
}

/** References by name only: ids are not part of what a user changes, so the hash is computed without them. */
export function placeholderRefs(objects: readonly StackObject[]): {
  secrets: Map<string, { id: string; name: string }>;
  configs: Map<string, { id: string; name: string }>;
} {
  const of = (section: 'secrets' | 'configs'): Map<string, { id: string; name: string }> =>
    new Map(objects.filter((o) => o.section === section).map((o) => [o.key, { id: '', name: o.name }]));
  return { secrets: of('secrets'), configs: of('configs') };
}

function withoutIds(spec: unknown): unknown {
  return JSON.parse(
    JSON.stringify(spec ?? {}, (key, value: unknown) => (key === 'SecretID' || key === 'ConfigID' ? undefined : value)),
  ) as unknown;
}

export const STACK_KEY_LABEL = KEY_LABEL;

const VERB: Record<StackOperation['kind'], string> = {
  'create-network': 'create network',
  'create-secret': 'create secret',
  'create-config': 'create config',
  'create-service': 'create service',
  'update-service': 'update service',
  'keep-service': 'keep service',
  'remove-service': 'remove service',
};

export const describeStackOperation = (op: StackOperation): string => `${VERB[op.kind]} ${op.name}: ${op.reason}`;
export const isEmptyStackPlan = (plan: StackPlan): boolean => plan.operations.every((op) => op.kind === 'keep-service');
