import { createHash } from 'node:crypto';
import type { ServiceConfig } from '@stevedore/model';

/**
 * The config hash (compose's `com.docker.compose.config-hash`): SHA-256 of the service's canonical configuration
 * without what may change without recreating a container (replicas, build, pull policy, depends_on, profiles,
 * develop), so
 * scaling never recreates. Our hash is not byte-equal to compose's (it hashes Go structs): a project deployed by
 * Stevedore and then by `docker compose up` is recreated once by compose.
 */

// `develop` is for `watch`, not the container: editing a watch rule recreates nothing.
const EXCLUDED = ['build', 'pull_policy', 'scale', 'replicas', 'depends_on', 'profiles', 'extends', 'develop'];

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}

export function canonicalServiceConfig(service: ServiceConfig): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...service };
  for (const key of EXCLUDED) delete copy[key];
  if (copy['deploy'] && typeof copy['deploy'] === 'object') {
    const deploy: Record<string, unknown> = { ...(copy['deploy'] as Record<string, unknown>) };
    delete deploy['replicas'];
    // `deploy: {replicas: 2}` and no `deploy` at all are the same container.
    if (Object.keys(deploy).length > 0) copy['deploy'] = deploy;
    else delete copy['deploy'];
  }
  return sorted(copy) as Record<string, unknown>;
}

export function serviceConfigHash(service: ServiceConfig): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalServiceConfig(service)))
    .digest('hex');
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Keys whose entries are named (a changed variable is `environment.FOO`); elsewhere the key itself is reported. */
const NAMED_ENTRIES = new Set(['environment', 'labels', 'networks', 'sysctls', 'ulimits', 'deploy', 'healthcheck', 'logging']);

function diff(before: unknown, after: unknown, path: string, out: string[]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const top = path.split('.')[0] ?? '';
  if (isObject(before) && isObject(after) && (path === '' || NAMED_ENTRIES.has(top))) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort())
      diff(before[key], after[key], path ? `${path}.${key}` : key, out);
    return;
  }
  out.push(path || 'configuration');
}

/** The fields that differ, dotted as compose users write them; values never appear (they may be secrets). */
export function describeConfigChanges(before: unknown, after: unknown, max = 5): string[] {
  const paths: string[] = [];
  diff(before, after, '', paths);
  return paths.length > max ? [...paths.slice(0, max), `and ${paths.length - max} more`] : paths;
}
