import type Docker from 'dockerode';
import type { ComposeProject, ServiceConfig } from '@stevedore/model';
import { parseBytes } from '../units';

/** The host settings of a service (restart, resources, capabilities, DNS, logging, devices…) as HostConfig fields. */

type Raw = Record<string, unknown>;
const rec = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** `restart:` or, as compose does without it, `deploy.restart_policy`. */
export function restartPolicyOf(service: ServiceConfig): Docker.HostRestartPolicy | undefined {
  const restart = service.restart;
  if (restart) {
    const [name = 'no', count] = restart.split(':');
    return { Name: name, ...(count ? { MaximumRetryCount: Number(count) } : {}) };
  }
  const policy = rec(rec(service.deploy)['restart_policy']);
  const condition = policy['condition'];
  if (condition === undefined) return undefined;
  const name = condition === 'any' ? 'always' : condition === 'on-failure' ? 'on-failure' : 'no';
  const attempts = policy['max_attempts'];
  return { Name: name, ...(name === 'on-failure' && typeof attempts === 'number' ? { MaximumRetryCount: attempts } : {}) };
}

function resourcesOf(service: ServiceConfig): Raw {
  const limits = rec(rec(rec(service.deploy)['resources'])['limits']);
  const reservations = rec(rec(rec(service.deploy)['resources'])['reservations']);
  const memory = text(service['mem_limit']) ?? text(limits['memory']);
  const cpus = text(service['cpus']) ?? text(limits['cpus']);
  const reservation = text(service['mem_reservation']) ?? text(reservations['memory']);
  const pids = service['pids_limit'] ?? limits['pids'];
  return {
    ...(memory ? { Memory: parseBytes(memory) } : {}),
    ...(reservation ? { MemoryReservation: parseBytes(reservation) } : {}),
    ...(text(service['memswap_limit']) ? { MemorySwap: parseBytes(text(service['memswap_limit']) ?? '0') } : {}),
    ...(cpus ? { NanoCpus: Math.round(Number(cpus) * 1e9) } : {}),
    ...(typeof service['cpu_shares'] === 'number' ? { CpuShares: service['cpu_shares'] } : {}),
    ...(text(service['cpuset']) ? { CpusetCpus: text(service['cpuset']) } : {}),
    ...(typeof pids === 'number' ? { PidsLimit: pids } : {}),
  };
}

function ulimitsOf(value: unknown): Docker.HostConfig['Ulimits'] {
  return Object.entries(rec(value)).map(([name, limit]) =>
    typeof limit === 'number'
      ? { Name: name, Soft: limit, Hard: limit }
      : { Name: name, Soft: Number(rec(limit)['soft']), Hard: Number(rec(limit)['hard']) },
  );
}

/** `/dev/x:/dev/y:rwm`, or the long syntax `{source, target, permissions}`. */
function devicesOf(value: unknown): Docker.DeviceMapping[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((device: unknown) => {
    if (typeof device === 'string') {
      const [host = '', container = host, permissions = 'rwm'] = device.split(':');
      return { PathOnHost: host, PathInContainer: container, CgroupPermissions: permissions };
    }
    const long = rec(device);
    const host = text(long['source']) ?? '';
    return {
      PathOnHost: host,
      PathInContainer: text(long['target']) ?? host,
      CgroupPermissions: text(long['permissions']) ?? 'rwm',
    };
  });
}

/** A string or a list, as a list (`dns: 8.8.8.8` and `dns: [8.8.8.8]` are the same). */
const oneOrMany = (v: unknown): string[] | undefined => strings(v) ?? (text(v) !== undefined ? [text(v) ?? ''] : undefined);

/** A map, or a list of `key=value`, as a map of strings (`sysctls`). */
function keyValues(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const list = strings(value);
  if (list)
    return Object.fromEntries(
      list.map((entry) => [entry.split('=')[0] ?? entry, entry.includes('=') ? entry.slice(entry.indexOf('=') + 1) : '']),
    );
  return Object.fromEntries(Object.entries(rec(value)).map(([k, v]) => [k, text(v) ?? JSON.stringify(v)]));
}

/** `extra_hosts` as a list of `host:ip`/`host=ip`, or a map of host to one address or several. */
function extraHostsOf(value: unknown): string[] | undefined {
  const list = strings(value);
  if (list) return list.map((entry) => entry.replace(/^([^=:]+)=/, '$1:'));
  if (value === undefined || value === null) return undefined;
  return Object.entries(rec(value)).flatMap(([host, ip]) =>
    (Array.isArray(ip) ? ip : [ip]).map((one) => `${host}:${text(one) ?? ''}`),
  );
}

/** `service:x` (ipc, pid) shares that service's container's namespace. */
function namespaceOf(
  service: ServiceConfig,
  key: string,
  resolveContainer?: (service: string) => string | undefined,
): string | undefined {
  const mode = text(service[key]);
  if (!mode?.startsWith('service:')) return mode;
  const other = mode.slice('service:'.length);
  const id = resolveContainer?.(other);
  if (!id) throw new Error(`${service.name} uses ${key} ${mode}, but that service has no running container`);
  return `container:${id}`;
}

/** `links: [db, "db:database"]` name the first container of that service; `external_links` are container names. */
function linksOf(service: ServiceConfig, project: ComposeProject | undefined): string[] | undefined {
  const internal = (strings(service['links']) ?? []).map((link) => {
    const [target = link, alias = target] = link.split(':');
    const name = project?.services[target]?.container_name ?? `${project?.name ?? ''}-${target}-1`;
    return `${name}:${alias}`;
  });
  const external = (strings(service['external_links']) ?? []).map((link) => (link.includes(':') ? link : `${link}:${link}`));
  return internal.length + external.length > 0 ? [...internal, ...external] : undefined;
}

function tmpfsOf(value: unknown): Record<string, string> | undefined {
  const list = strings(value);
  if (!list) return undefined;
  return Object.fromEntries(
    list.map((entry) => [entry.split(':')[0] ?? entry, entry.includes(':') ? entry.slice(entry.indexOf(':') + 1) : '']),
  );
}

export function hostConfigExtras(
  service: ServiceConfig,
  resolveContainer?: (service: string) => string | undefined,
  project?: ComposeProject,
): Docker.HostConfig {
  const logging = rec(service['logging']);
  const restart = restartPolicyOf(service);
  const volumesFrom = strings(service['volumes_from'])?.map((entry) => {
    // `container:name[:ro]` names a container; anything else is a service, resolved to its container.
    const isContainer = entry.startsWith('container:');
    const [source = '', mode] = (isContainer ? entry.slice('container:'.length) : entry).split(':');
    const id = isContainer ? source : resolveContainer?.(source);
    if (!id) throw new Error(`${service.name} uses volumes_from ${source}, which has no container`);
    return mode ? `${id}:${mode}` : id;
  });
  const shm = text(service['shm_size']);
  const tmpfs = tmpfsOf(service['tmpfs']);
  const devices = devicesOf(service['devices']);
  const sysctls = keyValues(service['sysctls']);
  const extraHosts = extraHostsOf(service['extra_hosts']);
  const links = linksOf(service, project);
  const ipc = namespaceOf(service, 'ipc', resolveContainer);
  const pid = namespaceOf(service, 'pid', resolveContainer);
  const fields: Docker.HostConfig = {
    ...resourcesOf(service),
    ...(restart ? { RestartPolicy: restart } : {}),
    ...(strings(service['cap_add']) ? { CapAdd: strings(service['cap_add']) } : {}),
    ...(strings(service['cap_drop']) ? { CapDrop: strings(service['cap_drop']) } : {}),
    ...(service['privileged'] === true ? { Privileged: true } : {}),
    ...(service['read_only'] === true ? { ReadonlyRootfs: true } : {}),
    ...(typeof service['init'] === 'boolean' ? { Init: service['init'] } : {}),
    ...(extraHosts ? { ExtraHosts: extraHosts } : {}),
    ...(oneOrMany(service['dns']) ? { Dns: oneOrMany(service['dns']) } : {}),
    ...(oneOrMany(service['dns_search']) ? { DnsSearch: oneOrMany(service['dns_search']) } : {}),
    ...(oneOrMany(service['dns_opt']) ? { DnsOptions: oneOrMany(service['dns_opt']) } : {}),
    ...(sysctls ? { Sysctls: sysctls } : {}),
    ...(links ? { Links: links } : {}),
    ...(service['ulimits'] ? { Ulimits: ulimitsOf(service['ulimits']) } : {}),
    ...(tmpfs ? { Tmpfs: tmpfs } : {}),
    ...(shm ? { ShmSize: parseBytes(shm) } : {}),
    ...(logging['driver'] || logging['options']
      ? { LogConfig: { Type: text(logging['driver']) ?? 'json-file', Config: rec(logging['options']) as Record<string, string> } }
      : {}),
    ...(strings(service['security_opt']) ? { SecurityOpt: strings(service['security_opt']) } : {}),
    ...(devices ? { Devices: devices } : {}),
    ...(strings(service['group_add']) ? { GroupAdd: strings(service['group_add']) } : {}),
    ...(ipc ? { IpcMode: ipc } : {}),
    ...(pid ? { PidMode: pid } : {}),
    ...(text(service['cgroup_parent']) ? { CgroupParent: text(service['cgroup_parent']) } : {}),
    ...(typeof service['oom_score_adj'] === 'number' ? { OomScoreAdj: service['oom_score_adj'] } : {}),
    ...(text(service['runtime']) ? { Runtime: text(service['runtime']) } : {}),
    ...(text(service['isolation']) ? { Isolation: text(service['isolation']) } : {}),
    ...(volumesFrom ? { VolumesFrom: volumesFrom } : {}),
  };
  return fields;
}
