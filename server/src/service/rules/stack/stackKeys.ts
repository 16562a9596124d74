import { asRecord } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
import type { Diagnostic, Fix } from '../../types';
import { CODE, coded } from '../registry';

/**
 * What `docker stack deploy` does with keys the compose format has but Swarm does not (docker/cli
 * cli/compose/types/types.go): it ignores some with a warning, reports some as deprecated, refuses others.
 */

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
/** `restart:` values as swarm's `deploy.restart_policy.condition` says them. */
const RESTART_CONDITION: Readonly<Record<string, string>> = {
  always: 'any',
  'unless-stopped': 'any',
  'on-failure': 'on-failure',
  no: 'none',
};

/**
 * The swarm form of `restart` and `mem_limit`, offered when the service has no `deploy` section yet: the entry is
 * replaced by a `deploy` block saying the same thing, at the entry's own indentation. (With a `deploy` section
 * already there, the merge is the user's to make.)
 */
function moveToDeployFix(model: ComposeModel, at: string, key: string, value: unknown): Fix | undefined {
  const info = model.info(pointerOf(at, key));
  const keyNode = info?.key;
  const valueNode = info?.node;
  if (!keyNode?.range || !valueNode?.range) return undefined;
  const text = model.file.text;
  const lineStart = text.lastIndexOf('\n', keyNode.range[0] - 1) + 1;
  const indent = text.slice(lineStart, keyNode.range[0]);
  if (!/^ *$/.test(indent)) return undefined; // a flow mapping: leave it to the user
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const step = (n: number): string => `${eol}${indent}${'  '.repeat(n)}`;
  let block: string;
  if (key === 'restart') {
    const condition = RESTART_CONDITION[String(value).replace(/:.*/, '')];
    if (!condition) return undefined;
    const attempts = /^on-failure:(\d+)$/.exec(String(value))?.[1];
    block = `deploy:${step(1)}restart_policy:${step(2)}condition: ${condition}${attempts ? `${step(2)}max_attempts: ${attempts}` : ''}`;
  } else {
    block = `deploy:${step(1)}resources:${step(2)}limits:${step(3)}memory: ${String(value)}`;
  }
  const range = model.file.rangeOf(keyNode.range[0], valueNode.range[1]);
  const target = key === 'restart' ? 'deploy.restart_policy' : 'deploy.resources.limits.memory';
  return { kind: 'move-under-deploy', title: `Move to ${target}`, edits: [{ range, newText: block }] };
}

export function stackKeyDiagnostics(model: ComposeModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, definition] of Object.entries(asRecord(asRecord(model.value)['services']))) {
    const service = asRecord(definition);
    const at = pointerOf('/services', name);
    const push = (key: string, d: Omit<Diagnostic, 'range'>): void => {
      const range = model.keyRange(pointerOf(at, key));
      if (range) out.push({ ...d, range });
    };
    const movable = (key: string): { fixes?: Fix[] } => {
      const fix =
        service['deploy'] === undefined && (key === 'restart' || key === 'mem_limit')
          ? moveToDeployFix(model, at, key, service[key])
          : undefined;
      return fix ? { fixes: [fix] } : {};
    };
    for (const key of Object.keys(service)) {
      if (UNSUPPORTED.includes(key)) push(key, { ...coded(CODE.stackIgnoredKey), message: ignoredMessage(key), ...movable(key) });
      else if (DEPRECATED.includes(key))
        push(key, {
          ...coded(CODE.stackDeprecatedKey),
          message: `'${key}' is deprecated for stacks and has no effect in swarm`,
        });
      else if (key in FORBIDDEN) push(key, { ...coded(CODE.stackForbiddenKey), message: forbiddenMessage(key), ...movable(key) });
      else if (key === 'depends_on')
        push(key, {
          ...coded(CODE.stackDependsOnIgnored),
          message: 'depends_on is ignored by swarm: services start in no particular order',
        });
    }
    if (typeof service['image'] !== 'string' || service['image'] === '') {
      const range = model.keyRange(at);
      if (range)
        out.push({
          range,
          ...coded(CODE.stackMissingImage),
          message: `service '${name}' needs an image: swarm cannot build`,
        });
    }
  }
  return out;
}
