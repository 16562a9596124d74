import type Docker from 'dockerode';
import type { ComposeProject, FileReference, MountConfig, ServiceConfig } from '@stevedore/model';
import { parseBytes, parseDuration } from '../units';

/**
 * A stack file's service as a swarm ServiceSpec, field for field as `docker stack deploy` builds it
 * (docker/cli `cli/compose/convert/service.go`), so that a stack deployed by Stevedore and one deployed by the CLI
 * run the same tasks. Secrets and configs are referenced by the names `resolved` gives (Stevedore versions them
 * by content; the path inside the container is the same).
 */

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const IMAGE_LABEL = 'com.docker.stack.image';

export interface ResolvedReferences {
  readonly secrets: ReadonlyMap<string, { readonly id: string; readonly name: string }>;
  readonly configs: ReadonlyMap<string, { readonly id: string; readonly name: string }>;
}

type Raw = Record<string, unknown>;
const rec = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const ns = (v: unknown): number | undefined => (str(v) === undefined ? undefined : parseDuration(str(v) ?? '0'));
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((x) => str(x) ?? '') : undefined);

/** `<stack>_<key>`, or the `name:` written (external resources keep theirs). */
export const scoped = (stack: string, key: string): string => `${stack}_${key}`;

function environmentOf(project: ComposeProject, service: ServiceConfig): string[] {
  return Object.entries(service.environment)
    .map(([k, v]) => {
      const value = v ?? project.environment[k];
      return value === undefined ? k : `${k}=${value}`;
    })
    .sort();
}

function mountOf(project: ComposeProject, stack: string, m: MountConfig): Docker.MountSettings {
  const base = { Target: m.target, ...(m.read_only ? { ReadOnly: true } : {}) };
  if (m.type === 'volume') {
    if (!m.source) return { ...base, Type: 'volume' } as Docker.MountSettings;
    const volume = project.volumes[m.source];
    const external = volume?.external;
    // The loader names volumes `<project>_<key>` unless `name:` says otherwise; a stack loads with its name as project.
    const source = volume?.name ?? scoped(stack, m.source);
    const driver = volume?.driver;
    return {
      ...base,
      Type: 'volume',
      Source: source,
      VolumeOptions: {
        ...(m.volume?.nocopy ? { NoCopy: true } : {}),
        ...(external ? {} : { Labels: { ...(volume?.labels ?? {}), [NAMESPACE_LABEL]: stack } }),
        ...(driver && !external
          ? { DriverConfig: { Name: driver, ...(volume?.driver_opts ? { Options: { ...volume.driver_opts } } : {}) } }
          : {}),
      },
    } as Docker.MountSettings;
  }
  if (m.type === 'tmpfs')
    return {
      ...base,
      Type: 'tmpfs',
      ...(m.tmpfs?.size !== undefined ? { TmpfsOptions: { SizeBytes: parseBytes(m.tmpfs.size) } } : {}),
    } as Docker.MountSettings;
  return {
    ...base,
    Type: m.type as Docker.MountType,
    Source: m.source ?? '',
    ...(m.bind?.propagation ? { BindOptions: { Propagation: m.bind.propagation } } : {}),
  } as Docker.MountSettings;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const targetOf = (ref: Raw): string => str(rec(ref['File'])['Name']) ?? '';

function fileRefs(refs: readonly FileReference[], resolved: ResolvedReferences['secrets'], kind: 'Secret' | 'Config'): Raw[] {
  return (
    refs
      .map((ref) => {
        const target = ref.target ?? ref.source;
        const found = resolved.get(ref.source);
        return {
          File: { Name: target, UID: ref.uid ?? '0', GID: ref.gid ?? '0', Mode: ref.mode ?? 0o444 },
          [`${kind}ID`]: found?.id ?? '',
          [`${kind}Name`]: found?.name ?? ref.source,
        };
      })
      // The CLI sorts by the secret's name (byte order); references to one secret stay in a Go map's order, which we
      // make deterministic by target so that a redeploy of the same file never reorders them.
      .sort(
        (a, b) => compareText(str(a[`${kind}Name`]) ?? '', str(b[`${kind}Name`]) ?? '') || compareText(targetOf(a), targetOf(b)),
      )
  );
}

function healthcheckOf(service: ServiceConfig): Raw | undefined {
  const h = service.healthcheck;
  if (!h) return undefined;
  return {
    ...(h.test ? { Test: [...h.test] } : {}),
    ...(h.interval ? { Interval: ns(h.interval) } : {}),
    ...(h.timeout ? { Timeout: ns(h.timeout) } : {}),
    ...(h.start_period ? { StartPeriod: ns(h.start_period) } : {}),
    ...(h.retries !== undefined ? { Retries: h.retries } : {}),
  };
}

/** `deploy.restart_policy`, else `restart:` as the CLI maps it (no → none, always/unless-stopped → any). */
function restartPolicyOf(service: ServiceConfig): Raw | undefined {
  const policy = rec(rec(service.deploy)['restart_policy']);
  if (Object.keys(policy).length > 0)
    return {
      ...(policy['condition'] ? { Condition: policy['condition'] } : {}),
      ...(policy['delay'] ? { Delay: ns(policy['delay']) } : {}),
      ...(policy['max_attempts'] !== undefined ? { MaxAttempts: policy['max_attempts'] } : {}),
      ...(policy['window'] ? { Window: ns(policy['window']) } : {}),
    };
  const restart = service.restart;
  if (!restart) return undefined;
  if (restart === 'no') return { Condition: 'none' };
  if (restart === 'always' || restart === 'unless-stopped') return { Condition: 'any' };
  const [name, attempts] = restart.split(':');
  return name === 'on-failure' ? { Condition: 'on-failure', ...(attempts ? { MaxAttempts: Number(attempts) } : {}) } : undefined;
}

function resourcesOf(service: ServiceConfig): Raw {
  const resources = rec(rec(service.deploy)['resources']);
  const side = (r: Raw): Raw => ({
    ...(str(r['cpus']) ? { NanoCPUs: Math.round(Number(str(r['cpus'])) * 1e9) } : {}),
    ...(str(r['memory']) ? { MemoryBytes: parseBytes(str(r['memory']) ?? '0') } : {}),
    ...(typeof r['pids'] === 'number' ? { Pids: r['pids'] } : {}),
  });
  const limits = side(rec(resources['limits']));
  const reservations = side(rec(resources['reservations']));
  return {
    ...(Object.keys(limits).length > 0 ? { Limits: limits } : {}),
    ...(Object.keys(reservations).length > 0 ? { Reservations: reservations } : {}),
  };
}

function updateConfigOf(value: unknown): Raw | undefined {
  const c = rec(value);
  if (Object.keys(c).length === 0) return undefined;
  return {
    Parallelism: typeof c['parallelism'] === 'number' ? c['parallelism'] : 1,
    ...(c['delay'] ? { Delay: ns(c['delay']) } : {}),
    ...(c['failure_action'] ? { FailureAction: c['failure_action'] } : {}),
    ...(c['monitor'] ? { Monitor: ns(c['monitor']) } : {}),
    ...(c['max_failure_ratio'] !== undefined ? { MaxFailureRatio: c['max_failure_ratio'] } : {}),
    ...(c['order'] ? { Order: c['order'] } : {}),
  };
}

function modeOf(service: ServiceConfig): Raw {
  const mode = str(rec(service.deploy)['mode']) ?? 'replicated';
  if (mode === 'global') return { Global: {} };
  if (mode === 'global-job') return { GlobalJob: {} };
  if (mode === 'replicated-job')
    return { ReplicatedJob: { MaxConcurrent: service.replicas, TotalCompletions: service.replicas } };
  return { Replicated: { Replicas: service.replicas } };
}

function networksOf(project: ComposeProject, stack: string, service: ServiceConfig): Raw[] {
  return Object.entries(service.networks ?? { default: {} })
    .map(([key, config]) => {
      const network = project.networks[key];
      const target = network?.name ?? scoped(stack, key);
      return { Target: target, Aliases: [...(config.aliases ?? []), service.name] };
    })
    .sort((a, b) => a.Target.localeCompare(b.Target));
}

function endpointOf(service: ServiceConfig): Raw {
  const mode = str(rec(service.deploy)['endpoint_mode']);
  const ports = service.ports.map((p) => ({
    Protocol: p.protocol,
    TargetPort: p.target,
    ...(p.published ? { PublishedPort: Number(p.published) } : {}),
    PublishMode: p.mode,
  }));
  return { ...(mode ? { Mode: mode } : {}), ...(ports.length > 0 ? { Ports: ports } : {}) };
}

function placementOf(service: ServiceConfig): Raw | undefined {
  const p = rec(rec(service.deploy)['placement']);
  if (Object.keys(p).length === 0) return undefined;
  const preferences = Array.isArray(p['preferences'])
    ? p['preferences'].map((x) => ({ Spread: { SpreadDescriptor: str(rec(x)['spread']) ?? '' } }))
    : undefined;
  return {
    ...(strings(p['constraints']) ? { Constraints: strings(p['constraints']) } : {}),
    ...(preferences ? { Preferences: preferences } : {}),
    ...(typeof p['max_replicas_per_node'] === 'number' ? { MaxReplicas: p['max_replicas_per_node'] } : {}),
  };
}

function containerSpecOf(project: ComposeProject, stack: string, service: ServiceConfig, resolved: ResolvedReferences): Raw {
  const dns = strings(service['dns']);
  const search = strings(service['dns_search']);
  const options = strings(service['dns_opt']);
  const healthcheck = healthcheckOf(service);
  const secrets = fileRefs(service.secrets, resolved.secrets, 'Secret');
  const configs = fileRefs(service.configs, resolved.configs, 'Config');
  const grace = str(service['stop_grace_period']);
  return {
    Image: service.image ?? '',
    ...(service.entrypoint ? { Command: [...service.entrypoint] } : {}),
    ...(service.command ? { Args: [...service.command] } : {}),
    ...(str(service['hostname']) ? { Hostname: str(service['hostname']) } : {}),
    Env: environmentOf(project, service),
    ...(str(service['working_dir']) ? { Dir: str(service['working_dir']) } : {}),
    ...(str(service['user']) ? { User: str(service['user']) } : {}),
    Labels: { ...service.labels, [NAMESPACE_LABEL]: stack },
    // The CLI always sends an empty Privileges object; sent the same, the specs compare equal.
    Privileges: { CredentialSpec: null, SELinuxContext: null },
    ...(service.volumes.length > 0 ? { Mounts: service.volumes.map((m) => mountOf(project, stack, m)) } : {}),
    ...(grace ? { StopGracePeriod: parseDuration(grace) } : {}),
    ...(str(service['stop_signal']) ? { StopSignal: str(service['stop_signal']) } : {}),
    ...(service['tty'] === true ? { TTY: true } : {}),
    ...(service['stdin_open'] === true ? { OpenStdin: true } : {}),
    ...(service['read_only'] === true ? { ReadOnly: true } : {}),
    ...(secrets.length > 0 ? { Secrets: secrets } : {}),
    ...(configs.length > 0 ? { Configs: configs } : {}),
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    ...(dns || search || options
      ? {
          DNSConfig: {
            ...(dns ? { Nameservers: dns } : {}),
            ...(search ? { Search: search } : {}),
            ...(options ? { Options: options } : {}),
          },
        }
      : {}),
    ...(strings(service['extra_hosts']) ? { Hosts: strings(service['extra_hosts'])?.map(hostsEntry) } : {}),
    ...(typeof service['init'] === 'boolean' ? { Init: service['init'] } : {}),
    ...(capabilities(service['cap_add']) ? { CapabilityAdd: capabilities(service['cap_add']) } : {}),
    ...(capabilities(service['cap_drop']) ? { CapabilityDrop: capabilities(service['cap_drop']) } : {}),
    ...(ulimitsOf(service['ulimits']) ? { Ulimits: ulimitsOf(service['ulimits']) } : {}),
    ...(service['sysctls'] ? { Sysctls: rec(service['sysctls']) } : {}),
    ...(strings(service['group_add']) ? { Groups: strings(service['group_add']) } : {}),
  };
}

/** As the CLI sends them: upper case with the `CAP_` prefix (`ALL` as it is), so `net_admin` and `CAP_NET_ADMIN` agree. */
const capabilities = (value: unknown): string[] | undefined =>
  strings(value)?.map((cap) => {
    const upper = cap.toUpperCase();
    return upper === 'ALL' || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  });

/** `nofile: 1024` or `nofile: {soft, hard}`, sorted by name as the CLI sorts them. */
function ulimitsOf(value: unknown): Raw[] | undefined {
  const limits = rec(value);
  const names = Object.keys(limits).sort();
  if (names.length === 0) return undefined;
  const count = (v: unknown): number | undefined =>
    typeof v === 'number' ? v : str(v) === undefined ? undefined : Number(str(v));
  return names.map((name) => {
    const single = count(limits[name]);
    const pair = rec(limits[name]);
    return { Name: name, Hard: single ?? count(pair['hard']), Soft: single ?? count(pair['soft']) };
  });
}

/** `host:ip` (compose) → `ip host` (the /etc/hosts line swarm wants). */
const hostsEntry = (entry: string): string => {
  const cut = entry.search(/[:=]/);
  return cut < 0 ? entry : `${entry.slice(cut + 1)} ${entry.slice(0, cut)}`;
};

export function stackServiceSpec(
  project: ComposeProject,
  stack: string,
  service: ServiceConfig,
  resolved: ResolvedReferences,
): Docker.CreateServiceOptions {
  const deploy = rec(service.deploy);
  const logging = rec(service['logging']);
  const restart = restartPolicyOf(service);
  const placement = placementOf(service);
  const update = updateConfigOf(deploy['update_config']);
  const rollback = updateConfigOf(deploy['rollback_config']);
  const spec: Raw = {
    Name: scoped(stack, service.name),
    Labels: {
      ...(rec(deploy['labels']) as Record<string, string>),
      [NAMESPACE_LABEL]: stack,
      [IMAGE_LABEL]: service.image ?? '',
    },
    TaskTemplate: {
      ContainerSpec: containerSpecOf(project, stack, service, resolved),
      Resources: resourcesOf(service),
      ...(restart ? { RestartPolicy: restart } : {}),
      // The CLI always sends Placement, empty when the file has none.
      Placement: placement ?? {},
      ...(logging['driver']
        ? { LogDriver: { Name: logging['driver'], ...(logging['options'] ? { Options: rec(logging['options']) } : {}) } }
        : {}),
      Networks: networksOf(project, stack, service),
    },
    Mode: modeOf(service),
    ...(update ? { UpdateConfig: update } : {}),
    ...(rollback ? { RollbackConfig: rollback } : {}),
    EndpointSpec: endpointOf(service),
  };
  return spec;
}
