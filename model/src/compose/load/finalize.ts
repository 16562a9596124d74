import { asRecord } from '../names';
import { keyValueMap } from './normalizeService';
import { resolvePath } from './paths';
import type { ComposeProject, NetworkConfig, SecretConfig, ServiceConfig, VolumeConfig } from './types';

/** Turns merged, normalised sections into the typed project; reports references to what is not defined. */

type Raw = Record<string, unknown>;

const labelsOf = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(keyValueMap(value)).map(([k, v]) => [k, v ?? '']));

/** `external: true`, or the legacy `external: {name: x}`. */
function externalOf(raw: Raw): { external: boolean; name?: string } {
  const external = raw['external'];
  if (external === true) return { external: true };
  const legacy = asRecord(external)['name'];
  return typeof legacy === 'string' ? { external: true, name: legacy } : { external: false };
}

function engineName(project: string, key: string, raw: Raw): { name: string; external: boolean } {
  const { external, name: legacy } = externalOf(raw);
  const written = typeof raw['name'] === 'string' ? raw['name'] : legacy;
  return { external, name: written ?? (external ? key : `${project}_${key}`) };
}

export function finalizeNetwork(project: string, key: string, raw: Raw): NetworkConfig {
  return { ...(raw as object), ...engineName(project, key, raw), labels: labelsOf(raw['labels']) };
}

export function finalizeVolume(project: string, key: string, raw: Raw): VolumeConfig {
  return { ...(raw as object), ...engineName(project, key, raw), labels: labelsOf(raw['labels']) };
}

export function finalizeSecret(project: string, key: string, raw: Raw, dir: string, home?: string): SecretConfig {
  const file = typeof raw['file'] === 'string' ? resolvePath(dir, raw['file'], home) : undefined;
  return {
    ...(raw as object),
    ...engineName(project, key, raw),
    labels: labelsOf(raw['labels']),
    ...(file ? { file } : {}),
  };
}

function replicasOf(raw: Raw): number {
  const replicas = asRecord(raw['deploy'])['replicas'] ?? raw['scale'];
  const n = Number(replicas ?? 1);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}

export function finalizeService(name: string, raw: Raw): ServiceConfig {
  const usesNetworkMode = typeof raw['network_mode'] === 'string';
  const networks = raw['networks'] as Record<string, unknown> | undefined;
  const rest: Raw = { ...raw };
  delete rest['extends'];
  return {
    ...(rest as object),
    name,
    environment: (raw['environment'] as ServiceConfig['environment'] | undefined) ?? {},
    labels: (raw['labels'] as ServiceConfig['labels'] | undefined) ?? {},
    ports: (raw['ports'] as ServiceConfig['ports'] | undefined) ?? [],
    expose: (raw['expose'] as ServiceConfig['expose'] | undefined) ?? [],
    volumes: (raw['volumes'] as ServiceConfig['volumes'] | undefined) ?? [],
    depends_on: (raw['depends_on'] as ServiceConfig['depends_on'] | undefined) ?? {},
    secrets: (raw['secrets'] as ServiceConfig['secrets'] | undefined) ?? [],
    configs: (raw['configs'] as ServiceConfig['configs'] | undefined) ?? [],
    profiles: (raw['profiles'] as ServiceConfig['profiles'] | undefined) ?? [],
    replicas: replicasOf(raw),
    ...(usesNetworkMode
      ? {}
      : { networks: (networks && Object.keys(networks).length > 0 ? networks : { default: {} }) as ServiceConfig['networks'] }),
  };
}

/** What a deploy cannot go without: every name a service uses is defined, and it has an image or a build. */
export function checkReferences(project: ComposeProject, problem: (message: string) => void): void {
  for (const service of Object.values(project.services)) {
    const where = `service ${service.name}`;
    if (!service.image && !service.build && !service['provider']) problem(`${where} has neither image nor build`);
    for (const network of Object.keys(service.networks ?? {}))
      if (!project.networks[network]) problem(`${where} uses network ${network}, which is not defined`);
    for (const mount of service.volumes)
      if (mount.type === 'volume' && mount.source && !project.volumes[mount.source])
        problem(`${where} uses volume ${mount.source}, which is not defined under the top-level volumes`);
    for (const ref of service.secrets)
      if (!project.secrets[ref.source]) problem(`${where} uses secret ${ref.source}, which is not defined`);
    for (const ref of service.configs)
      if (!project.configs[ref.source]) problem(`${where} uses config ${ref.source}, which is not defined`);
    for (const [dependency, options] of Object.entries(service.depends_on)) {
      if (project.services[dependency]) continue;
      const why = project.disabledServices[dependency] ? 'is not enabled by the active profiles' : 'is not defined';
      if (options.required) problem(`${where} depends on ${dependency}, which ${why}`);
    }
  }
}
