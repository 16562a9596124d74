import type Docker from 'dockerode';

/**
 * The engine's images, volumes and networks as the views show them: size, created date, who uses each (containers,
 * and through their labels compose projects, stacks and services) and whether it is dangling (what a prune takes:
 * an untagged image (pruned when no container uses it), a volume no container mounts, a network no container joins that the engine
 * did not create itself).
 */

export type ResourceKind = 'image' | 'volume' | 'network';

export interface ResourceUser {
  /** The container's name. */
  readonly container: string;
  readonly project?: string;
  readonly stack?: string;
  readonly service?: string;
}

export interface EngineResource {
  readonly kind: ResourceKind;
  /** The id the engine removes it by (an image's id, a volume's or a network's name). */
  readonly id: string;
  /** What to show: an image's first tag (or its short id), a volume's or network's name. */
  readonly name: string;
  /** An image's `repository:tag`s. */
  readonly tags: readonly string[];
  /** Bytes, when the engine says (a volume's only when it measured it; -1 from the engine is unknown). */
  readonly size: number | undefined;
  /** ISO date, when the engine says. */
  readonly created: string | undefined;
  /** An image without a tag; a volume or network no container uses (outside the engine's own networks). */
  readonly dangling: boolean;
  /** A prune takes it: dangling, and (an image) no container uses it. */
  readonly prunable: boolean;
  readonly usedBy: readonly ResourceUser[];
  /** Projects and stacks that use it or whose label it carries (a compose network or volume before any container). */
  readonly projects: readonly string[];
  readonly stacks: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** A volume's or network's driver. */
  readonly driver?: string;
}

const PROJECT = 'com.docker.compose.project';
const SERVICE = 'com.docker.compose.service';
const STACK = 'com.docker.stack.namespace';
const STACK_SERVICE = 'com.docker.swarm.service.name';
/** Networks the engine makes itself; never dangling, never pruned. */
const PREDEFINED_NETWORKS = new Set(['bridge', 'host', 'none', 'ingress', 'docker_gwbridge']);

function userOf(container: Docker.ContainerInfo): ResourceUser {
  const labels = container.Labels ?? {};
  const project = labels[PROJECT];
  const stack = labels[STACK];
  const service = labels[SERVICE] ?? (stack ? labels[STACK_SERVICE]?.slice(stack.length + 1) : undefined);
  return {
    container: (container.Names[0] ?? container.Id).replace(/^\//, ''),
    ...(project ? { project } : {}),
    ...(stack ? { stack } : {}),
    ...(service ? { service } : {}),
  };
}

function deployments(
  users: readonly ResourceUser[],
  labels: Readonly<Record<string, string>>,
): Pick<EngineResource, 'projects' | 'stacks'> {
  const projects = new Set(users.flatMap((u) => (u.project ? [u.project] : [])));
  const stacks = new Set(users.flatMap((u) => (u.stack ? [u.stack] : [])));
  if (labels[PROJECT]) projects.add(labels[PROJECT]);
  if (labels[STACK]) stacks.add(labels[STACK]);
  return { projects: [...projects].sort(), stacks: [...stacks].sort() };
}

const isoOfSeconds = (seconds: number | undefined): string | undefined =>
  seconds ? new Date(seconds * 1000).toISOString() : undefined;

function group(
  containers: readonly Docker.ContainerInfo[],
  keys: (c: Docker.ContainerInfo) => readonly string[],
): Map<string, ResourceUser[]> {
  const map = new Map<string, ResourceUser[]>();
  for (const container of containers)
    for (const key of keys(container)) map.set(key, [...(map.get(key) ?? []), userOf(container)]);
  return map;
}

export async function listImageResources(
  docker: Docker,
  containers?: readonly Docker.ContainerInfo[],
): Promise<EngineResource[]> {
  const all = containers ?? (await docker.listContainers({ all: true }));
  const users = group(all, (c) => [c.ImageID]);
  return (await docker.listImages({ all: false })).map((image) => {
    const tags = (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    const usedBy = users.get(image.Id) ?? [];
    const labels = image.Labels ?? {};
    return {
      kind: 'image' as const,
      id: image.Id,
      name: tags[0] ?? image.Id.replace(/^sha256:/, '').slice(0, 12),
      tags,
      size: image.Size,
      created: isoOfSeconds(image.Created),
      dangling: tags.length === 0,
      prunable: tags.length === 0 && usedBy.length === 0,
      usedBy,
      ...deployments(usedBy, labels),
      labels,
    };
  });
}

interface DfVolume {
  readonly Name: string;
  readonly UsageData?: { readonly Size?: number };
}

export async function listVolumeResources(
  docker: Docker,
  containers?: readonly Docker.ContainerInfo[],
): Promise<EngineResource[]> {
  const all = containers ?? (await docker.listContainers({ all: true }));
  const users = group(all, (c) => c.Mounts.flatMap((m) => (m.Type === 'volume' && m.Name ? [m.Name] : [])));
  const [list, df] = await Promise.all([docker.listVolumes(), docker.df() as Promise<{ Volumes?: DfVolume[] | null }>]);
  const sizes = new Map((df.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size]));
  return (list.Volumes ?? []).map((volume) => {
    const usedBy = users.get(volume.Name) ?? [];
    const labels = volume.Labels ?? {};
    const size = sizes.get(volume.Name);
    return {
      kind: 'volume' as const,
      id: volume.Name,
      name: volume.Name,
      tags: [],
      size: size === undefined || size < 0 ? undefined : size,
      created: (volume as { CreatedAt?: string }).CreatedAt,
      dangling: usedBy.length === 0,
      prunable: usedBy.length === 0,
      usedBy,
      ...deployments(usedBy, labels),
      labels,
      driver: volume.Driver,
    };
  });
}

export async function listNetworkResources(
  docker: Docker,
  containers?: readonly Docker.ContainerInfo[],
): Promise<EngineResource[]> {
  const all = containers ?? (await docker.listContainers({ all: true }));
  const users = group(all, (c) =>
    Object.values(c.NetworkSettings?.Networks ?? {}).flatMap((n) => (n.NetworkID ? [n.NetworkID] : [])),
  );
  return (await docker.listNetworks()).map((network) => {
    const usedBy = users.get(network.Id) ?? [];
    const labels = network.Labels ?? {};
    // A swarm-scoped network that a service uses has no local container on a manager without tasks: swarm keeps it.
    const predefined = PREDEFINED_NETWORKS.has(network.Name) || network.Scope === 'swarm';
    return {
      kind: 'network' as const,
      id: network.Id,
      name: network.Name,
      tags: [],
      size: undefined,
      created: network.Created,
      dangling: !predefined && usedBy.length === 0,
      prunable: !predefined && usedBy.length === 0,
      usedBy,
      ...deployments(usedBy, labels),
      labels,
      driver: network.Driver,
    };
  });
}

/** One kind's resources, read with one container list. */
export async function listResources(docker: Docker, kind: ResourceKind): Promise<EngineResource[]> {
  const containers = await docker.listContainers({ all: true });
  if (kind === 'image') return listImageResources(docker, containers);
  if (kind === 'volume') return listVolumeResources(docker, containers);
  return listNetworkResources(docker, containers);
}

export interface ImageLayer {
  readonly id: string;
  readonly createdBy: string;
  readonly size: number;
  readonly created: string | undefined;
}

/** An image's layers, newest first (`docker history`). */
export async function imageHistory(docker: Docker, id: string): Promise<ImageLayer[]> {
  const history = (await docker.getImage(id).history()) as { Id: string; CreatedBy: string; Size: number; Created: number }[];
  return history.map((layer) => ({
    id: layer.Id,
    createdBy: layer.CreatedBy,
    size: layer.Size,
    created: isoOfSeconds(layer.Created),
  }));
}

/** Tags an image `repository:tag` (`docker tag`). */
export async function tagImage(docker: Docker, id: string, repository: string, tag: string): Promise<void> {
  await docker.getImage(id).tag({ repo: repository, tag });
}

/** Removes one resource; an image still used by a container, or a volume or network in use, is refused by the engine. */
export async function removeResource(docker: Docker, resource: Pick<EngineResource, 'kind' | 'id'>): Promise<void> {
  if (resource.kind === 'image') await docker.getImage(resource.id).remove({ noprune: false });
  else if (resource.kind === 'volume') await docker.getVolume(resource.id).remove();
  else await docker.getNetwork(resource.id).remove();
}
