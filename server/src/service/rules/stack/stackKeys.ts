import { asRecord } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
import type { Diagnostic } from '../../types';

/**
 * What `docker stack deploy` does with keys the compose format has but Swarm does not (docker/cli
 * cli/compose/types/types.go): it ignores some with a warning, reports some as deprecated, refuses others.
 */
export const IGNORED_KEY = 'stack/ignored-key';
export const DEPRECATED_KEY = 'stack/deprecated-key';
export const FORBIDDEN_KEY = 'stack/forbidden-key';
export const MISSING_IMAGE = 'stack/missing-image';
export const DEPENDS_ON_IGNORED = 'stack/depends-on-ignored';

export const UNSUPPORTED = [
  'build',
  'cgroupns_mode',
  'cgroup_parent',
  'devices',
  'domainname',
  'external_links',
  'ipc',
  'links',
  'mac_address',
  'network_mode',
  'pid',
  'privileged',
  'restart',
  'security_opt',
  'shm_size',
  'userns_mode',
];
export const DEPRECATED = ['container_name', 'expose'];
export const FORBIDDEN: Record<string, string> = {
  extends: 'merge the extended service in by hand',
  volume_driver: 'set the driver on the top-level volume',
  volumes_from: 'share a named volume instead',
  cpu_quota: 'use deploy.resources.limits.cpus',
  cpu_shares: 'use deploy.resources.limits.cpus',
  cpuset: 'use deploy.resources.limits.cpus',
  mem_limit: 'use deploy.resources.limits.memory',
  memswap_limit: 'use deploy.resources.limits.memory',
};

const ignoredAdvice: Record<string, string> = {
  build: 'build and push the image first; swarm only runs images',
  restart: 'use deploy.restart_policy',
  links: 'services reach each other by name on a shared network',
  network_mode: 'attach the service to networks instead',
};

export const ignoredMessage = (key: string): string =>
  `'${key}' is ignored by docker stack deploy${ignoredAdvice[key] ? `: ${ignoredAdvice[key]}` : ''}`;
export const forbiddenMessage = (key: string): string =>
  `'${key}' is not supported by docker stack deploy: ${FORBIDDEN[key] ?? ''}`;

/** Rules `stack/*` on service keys: ignored (warning), deprecated (hint), forbidden (error), image (error), depends_on (hint). */
export function stackKeyDiagnostics(model: ComposeModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, definition] of Object.entries(asRecord(asRecord(model.value)['services']))) {
    const service = asRecord(definition);
    const at = pointerOf('/services', name);
    const push = (key: string, d: Omit<Diagnostic, 'range'>): void => {
      const range = model.keyRange(pointerOf(at, key));
      if (range) out.push({ ...d, range });
    };
    for (const key of Object.keys(service)) {
      if (UNSUPPORTED.includes(key)) push(key, { severity: 'warning', code: IGNORED_KEY, message: ignoredMessage(key) });
      else if (DEPRECATED.includes(key))
        push(key, {
          severity: 'hint',
          code: DEPRECATED_KEY,
          message: `'${key}' is deprecated for stacks and has no effect in swarm`,
        });
      else if (key in FORBIDDEN) push(key, { severity: 'error', code: FORBIDDEN_KEY, message: forbiddenMessage(key) });
      else if (key === 'depends_on')
        push(key, {
          severity: 'hint',
          code: DEPENDS_ON_IGNORED,
          message: 'depends_on is ignored by swarm: services start in no particular order',
        });
    }
    if (typeof service['image'] !== 'string' || service['image'] === '') {
      const range = model.keyRange(at);
      if (range)
        out.push({
          range,
          severity: 'error',
          code: MISSING_IMAGE,
          message: `service '${name}' needs an image: swarm cannot build`,
        });
    }
  }
  return out;
}
