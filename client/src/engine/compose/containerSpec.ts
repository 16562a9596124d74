import type Docker from 'dockerode';
import type { ComposeProject, FileReference, MountConfig, ServiceConfig } from '@stevedore/model';
import { parseBytes, parseDuration } from '../units';
import { canonicalServiceConfig, serviceConfigHash } from './hash';
import { COMPOSE_VERSION, CREATED_BY, LABELS } from './labels';
import { hostConfigExtras } from './hostConfig';

/**
 * One container of a service, as `docker compose up` would create it: name, labels, command, environment, ports,
 * mounts, networks, healthcheck and host settings. Everything that cannot be sent at create time is returned beside
 * the options: networks beyond the first (API 1.41 takes one at create) and files copied in before start
 * (secrets and configs from `environment:` or `content:`).
 */

export interface ContainerSpecInput {
  readonly project: ComposeProject;
  readonly service: ServiceConfig;
  readonly number: number;
  /** The image's id, for `com.docker.compose.image` (how a changed image is noticed). */
  readonly imageId?: string;
  readonly apiVersion: string;
  /** The id of a container of another service (`network_mode: service:x`, `volumes_from: x`). */
  readonly resolveServiceContainer?: (service: string) => string | undefined;
}

export interface ExtraNetwork {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
}

export interface Upload {
  readonly path: string;
  readonly content: Buffer;
  readonly mode: number;
  readonly uid?: string;
  readonly gid?: string;
}

export interface ContainerSpec {
  readonly options: Docker.ContainerCreateOptions;
  readonly extraNetworks: readonly ExtraNetwork[];
  readonly uploads: readonly Upload[];
}

export const containerNameOf = (project: ComposeProject, service: ServiceConfig, number: number): string =>
  service.container_name ?? `${project.name}-${service.name}-${number}`;

function environmentList(project: ComposeProject, service: ServiceConfig): string[] {
  return Object.entries(service.environment).flatMap(([key, value]) => {
    // `- FOO` without a value takes FOO from the environment the project was loaded with, or is left out.
    const resolved = value ?? project.environment[key];
    return resolved === undefined ? [] : [`${key}=${resolved}`];
  });
}

function labelsOf(input: ContainerSpecInput): Record<string, string> {
  const { project, service } = input;
  return {
    ...service.labels,
    ...CREATED_BY,
    [LABELS.project]: project.name,
    [LABELS.service]: service.name,
    [LABELS.containerNumber]: String(input.number),
    [LABELS.oneoff]: 'False',
    [LABELS.configHash]: serviceConfigHash(service),
    [LABELS.workingDir]: project.workingDir,
    [LABELS.configFiles]: project.configFiles.join(','),
    ...(project.envFiles.length > 0 ? { [LABELS.environmentFile]: project.envFiles.join(',') } : {}),
    [LABELS.dependsOn]: Object.entries(service.depends_on)
      .map(([name, d]) => `${name}:${d.condition}:${String(d.restart)}`)
      .join(','),
    [LABELS.version]: COMPOSE_VERSION,
    ...(input.imageId ? { [LABELS.image]: input.imageId } : {}),
    [LABELS.stevedoreConfig]: JSON.stringify(canonicalServiceConfig(service)),
  };
}

function healthcheckOf(service: ServiceConfig, apiVersion: string): Docker.HealthConfig | undefined {
  const check = service.healthcheck;
  if (!check) return undefined;
  // `disable: true` and `test: [NONE]` both turn off the image's own healthcheck.
  if (check.disable || check.test?.[0] === 'NONE') return { Test: ['NONE'] };
  const ns = (value: string | undefined): number | undefined => (value === undefined ? undefined : parseDuration(value));
  const startInterval = ns(check.start_interval);
  return {
    ...(check.test ? { Test: [...check.test] } : {}),
    ...(check.interval ? { Interval: ns(check.interval) } : {}),
    ...(check.timeout ? { Timeout: ns(check.timeout) } : {}),
    ...(check.retries !== undefined ? { Retries: check.retries } : {}),
    ...(check.start_period ? { StartPeriod: ns(check.start_period) } : {}),
    // start_interval exists from API 1.44; an older engine rejects the field.
    ...(startInterval !== undefined && Number(apiVersion) >= 1.44 ? { StartInterval: startInterval } : {}),
  };
}

/** "8000-8002/udp" → 8000/udp, 8001/udp, 8002/udp: the engine takes single ports only in ExposedPorts. */
function exposedRange(entry: string): string[] {
  const [range = '', protocol = 'tcp'] = entry.split('/');
  const [start, end = start] = range.split('-').map(Number);
  if (start === undefined || end === undefined || !Number.isInteger(start) || !Number.isInteger(end) || end < start)
    throw new Error(`expose: "${entry}" is not a port or a port range`);
  return Array.from({ length: end - start + 1 }, (_, i) => `${start + i}/${protocol}`);
}

function portsOf(service: ServiceConfig): {
  exposed: Record<string, object>;
  bindings: Record<string, { HostIp?: string; HostPort?: string }[]>;
} {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp?: string; HostPort?: string }[]> = {};
  for (const expose of service.expose) for (const port of exposedRange(String(expose))) exposed[port] = {};
  for (const port of service.ports) {
    const key = `${port.target}/${port.protocol}`;
    exposed[key] = {};
    bindings[key] = [
      ...(bindings[key] ?? []),
      { ...(port.host_ip ? { HostIp: port.host_ip } : {}), HostPort: port.published ?? '' },
    ];
  }
  return { exposed, bindings };
}

/** Binds (as compose sends them when the host path may be created) and Mounts (everything else). */
function mountsOf(project: ComposeProject, service: ServiceConfig): { binds: string[]; mounts: Docker.MountSettings[] } {
  const binds: string[] = [];
  const mounts: Docker.MountSettings[] = [];
  for (const m of service.volumes) mountOf(project, m, binds, mounts);
  const fileRefs = (refs: readonly FileReference[], section: 'secrets' | 'configs'): void => {
    for (const ref of refs) {
      const file = project[section][ref.source]?.file;
      if (file) binds.push(`${file}:${targetOf(ref, section)}:ro`);
    }
  };
  fileRefs(service.secrets, 'secrets');
  fileRefs(service.configs, 'configs');
  return { binds, mounts };
}

function mountOf(project: ComposeProject, m: MountConfig, binds: string[], mounts: Docker.MountSettings[]): void {
  if (m.type === 'bind' && m.source && m.bind?.create_host_path !== false) {
    const modes = [m.read_only ? 'ro' : '', m.bind?.selinux ?? '', m.bind?.propagation ?? ''].filter(Boolean);
    binds.push(`${m.source}:${m.target}${modes.length ? `:${modes.join(',')}` : ''}`);
    return;
  }
  const base = { Target: m.target, ...(m.read_only ? { ReadOnly: true } : {}) };
  if (m.type === 'bind')
    mounts.push({
      ...base,
      Type: 'bind',
      Source: m.source ?? '',
      ...(m.bind?.propagation ? { BindOptions: { Propagation: m.bind.propagation as 'rprivate' } } : {}),
    });
  else if (m.type === 'volume')
    mounts.push({
      ...base,
      Type: 'volume',
      Source: m.source ? (project.volumes[m.source]?.name ?? m.source) : '',
      ...(m.volume?.nocopy ? { VolumeOptions: { NoCopy: true } as Docker.MountSettings['VolumeOptions'] } : {}),
    });
  else if (m.type === 'tmpfs')
    mounts.push({
      ...base,
      Type: 'tmpfs',
      TmpfsOptions: {
        ...(m.tmpfs?.size !== undefined ? { SizeBytes: parseBytes(m.tmpfs.size) } : {}),
        ...(m.tmpfs?.mode !== undefined ? { Mode: m.tmpfs.mode } : {}),
      },
    } as Docker.MountSettings);
  else mounts.push({ ...base, Type: m.type as Docker.MountType, Source: m.source ?? '' });
}

export const targetOf = (ref: FileReference, section: 'secrets' | 'configs'): string => {
  const target = ref.target ?? ref.source;
  if (target.startsWith('/')) return target;
  return section === 'secrets' ? `/run/secrets/${target}` : `/${target}`;
};

/**
 * Without Swarm a secret or config comes from a file (bind), a variable or inline content (copied in). An external
 * or driver-backed one, one the project does not define, or one whose variable is unset cannot be provided: say so
 * instead of starting a container whose secret file is silently missing.
 */
function checkFileReferences(project: ComposeProject, service: ServiceConfig): void {
  for (const section of ['secrets', 'configs'] as const) {
    const kind = section === 'secrets' ? 'secret' : 'config';
    for (const ref of service[section]) {
      const where = `service ${service.name} uses ${kind} ${ref.source}`;
      const definition = project[section][ref.source];
      if (!definition) throw new Error(`${where}, which the project does not define`);
      if (definition.external || definition.driver)
        throw new Error(`${where}, which is external or has a driver: only Swarm can provide it (deploy it as a stack)`);
      if (definition.environment !== undefined && project.environment[definition.environment] === undefined)
        throw new Error(`${where}, whose variable ${definition.environment} is not set`);
      if (definition.file === undefined && definition.environment === undefined && definition.content === undefined)
        throw new Error(`${where}, which has no file, environment or content`);
    }
  }
}

function uploadsOf(project: ComposeProject, service: ServiceConfig): Upload[] {
  const of = (refs: readonly FileReference[], section: 'secrets' | 'configs'): Upload[] =>
    refs.flatMap((ref): Upload[] => {
      const definition = project[section][ref.source];
      const content = definition?.environment !== undefined ? project.environment[definition.environment] : definition?.content;
      if (content === undefined || definition?.file) return [];
      return [
        {
          path: targetOf(ref, section),
          content: Buffer.from(content, 'utf8'),
          mode: ref.mode ?? 0o444,
          ...(ref.uid ? { uid: ref.uid } : {}),
          ...(ref.gid ? { gid: ref.gid } : {}),
        },
      ];
    });
  return [...of(service.secrets, 'secrets'), ...of(service.configs, 'configs')];
}

/** The service's networks by engine name, highest priority first (the first is the one given at create). */
function networksOf(project: ComposeProject, service: ServiceConfig): ExtraNetwork[] {
  return Object.entries(service.networks ?? {})
    .sort(([a, x], [b, y]) => (y.priority ?? 0) - (x.priority ?? 0) || a.localeCompare(b))
    .map(([key, config]) => ({
      name: project.networks[key]?.name ?? key,
      aliases: [service.name, ...(config.aliases ?? [])],
      ...(config.ipv4_address ? { ipv4Address: config.ipv4_address } : {}),
      ...(config.ipv6_address ? { ipv6Address: config.ipv6_address } : {}),
    }));
}

function networkModeOf(input: ContainerSpecInput, first: ExtraNetwork | undefined): string | undefined {
  const mode = input.service.network_mode;
  if (mode?.startsWith('service:')) {
    const id = input.resolveServiceContainer?.(mode.slice('service:'.length));
    if (!id) throw new Error(`${input.service.name} uses network_mode ${mode}, but that service has no running container`);
    return `container:${id}`;
  }
  return mode ?? first?.name;
}

export function containerCreateOptions(input: ContainerSpecInput): ContainerSpec {
  const { project, service } = input;
  checkFileReferences(project, service);
  const networks = service.network_mode ? [] : networksOf(project, service);
  const [first, ...rest] = networks;
  const { exposed, bindings } = portsOf(service);
  const { binds, mounts } = mountsOf(project, service);
  const str = (key: string): string | undefined => (typeof service[key] === 'string' ? service[key] : undefined);
  const grace = str('stop_grace_period');
  const healthcheck = healthcheckOf(service, input.apiVersion);
  const networkMode = networkModeOf(input, first);
  const options: Docker.ContainerCreateOptions = {
    name: containerNameOf(project, service, input.number),
    Image: service.image ?? `${project.name}-${service.name}`,
    ...(service.command ? { Cmd: [...service.command] } : {}),
    ...(service.entrypoint ? { Entrypoint: [...service.entrypoint] } : {}),
    Env: environmentList(project, service),
    Labels: labelsOf(input),
    ...(str('user') ? { User: str('user') } : {}),
    ...(str('working_dir') ? { WorkingDir: str('working_dir') } : {}),
    ...(str('hostname') ? { Hostname: str('hostname') } : {}),
    ...(str('domainname') ? { Domainname: str('domainname') } : {}),
    ...(str('stop_signal') ? { StopSignal: str('stop_signal') } : {}),
    ...(grace ? { StopTimeout: Math.ceil(parseDuration(grace) / 1e9) } : {}),
    ...(service['tty'] === true ? { Tty: true } : {}),
    ...(service['stdin_open'] === true ? { OpenStdin: true } : {}),
    ...(Object.keys(exposed).length > 0 ? { ExposedPorts: exposed } : {}),
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    HostConfig: {
      ...hostConfigExtras(service, input.resolveServiceContainer, project),
      ...(binds.length > 0 ? { Binds: binds } : {}),
      ...(mounts.length > 0 ? { Mounts: mounts } : {}),
      ...(Object.keys(bindings).length > 0 ? { PortBindings: bindings } : {}),
      ...(networkMode ? { NetworkMode: networkMode } : {}),
    },
    ...(first && !service.network_mode
      ? {
          NetworkingConfig: {
            EndpointsConfig: {
              [first.name]: {
                Aliases: [...first.aliases],
                ...(first.ipv4Address || first.ipv6Address
                  ? {
                      IPAMConfig: {
                        ...(first.ipv4Address ? { IPv4Address: first.ipv4Address } : {}),
                        ...(first.ipv6Address ? { IPv6Address: first.ipv6Address } : {}),
                      },
                    }
                  : {}),
              },
            },
          },
        }
      : {}),
  };
  return { options, extraNetworks: rest, uploads: uploadsOf(project, service) };
}
