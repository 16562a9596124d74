import type Docker from 'dockerode';
import type { ServiceConfig } from '../../../../server/src/service';
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

function devicesOf(value: unknown): Docker.DeviceMapping[] | undefined {
  const list = strings(value);
  return list?.map((device) => {
    const [host = '', container = host, permissions = 'rwm'] = device.split(':');
    return { PathOnHost: host, PathInContainer: container, CgroupPermissions: permissions };
  });
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
): Docker.HostConfig {
  const logging = rec(service['logging']);
  const restart = restartPolicyOf(service);
  const volumesFrom = strings(service['volumes_from'])?.map((entry) => {
    const [source = '', mode] = entry.split(':');
    const id = source.startsWith('container:') ? source.slice('container:'.length) : resolveContainer?.(source);
    if (!id) throw new Error(`${service.name} uses volumes_from ${source}, which has no container`);
    return mode ? `${id}:${mode}` : id;
  });
  const shm = text(service['shm_size']);
  const tmpfs = tmpfsOf(service['tmpfs']);
  const devices = devicesOf(service['devices']);
  const fields: Docker.HostConfig = {
    ...resourcesOf(service),
    ...(restart ? { RestartPolicy: restart } : {}),
    ...(strings(service['cap_add']) ? { CapAdd: strings(service['cap_add']) } : {}),
    ...(strings(service['cap_drop']) ? { CapDrop: strings(service['cap_drop']) } : {}),
    ...(service['privileged'] === true ? { Privileged: true } : {}),
    ...(service['read_only'] === true ? { ReadonlyRootfs: true } : {}),
    ...(typeof service['init'] === 'boolean' ? { Init: service['init'] } : {}),
    ...(strings(service['extra_hosts']) ? { ExtraHosts: strings(service['extra_hosts'])?.map((h) => h.replace('=', ':')) } : {}),
    ...(strings(service['dns']) ? { Dns: strings(service['dns']) } : {}),
    ...(strings(service['dns_search']) ? { DnsSearch: strings(service['dns_search']) } : {}),
    ...(strings(service['dns_opt']) ? { DnsOptions: strings(service['dns_opt']) } : {}),
    ...(service['sysctls']
      ? { Sysctls: Object.fromEntries(Object.entries(rec(service['sysctls'])).map(([k, v]) => [k, String(v as string)])) }
      : {}),
    ...(service['ulimits'] ? { Ulimits: ulimitsOf(service['ulimits']) } : {}),
    ...(tmpfs ? { Tmpfs: tmpfs } : {}),
    ...(shm ? { ShmSize: parseBytes(shm) } : {}),
    ...(logging['driver'] || logging['options']
      ? { LogConfig: { Type: text(logging['driver']) ?? 'json-file', Config: rec(logging['options']) as Record<string, string> } }
      : {}),
    ...(strings(service['security_opt']) ? { SecurityOpt: strings(service['security_opt']) } : {}),
    ...(devices ? { Devices: devices } : {}),
    ...(strings(service['group_add']) ? { GroupAdd: strings(service['group_add']) } : {}),
    ...(text(service['ipc']) ? { IpcMode: text(service['ipc']) } : {}),
    ...(text(service['pid']) ? { PidMode: text(service['pid']) } : {}),
    ...(text(service['cgroup_parent']) ? { CgroupParent: text(service['cgroup_parent']) } : {}),
    ...(typeof service['oom_score_adj'] === 'number' ? { OomScoreAdj: service['oom_score_adj'] } : {}),
    ...(text(service['runtime']) ? { Runtime: text(service['runtime']) } : {}),
    ...(text(service['isolation']) ? { Isolation: text(service['isolation']) } : {}),
    ...(volumesFrom ? { VolumesFrom: volumesFrom } : {}),
  };
  return fields;
}
