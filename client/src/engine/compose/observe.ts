import type Docker from 'dockerode';
import type { ObservedNetworkSpec, ObservedVolumeSpec } from './drift';

/** What runs on the engine for one compose project, read from the labels compose (and Stevedore) put on it. */

export interface ObservedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
  readonly oneoff: boolean;
  /** `running`, `exited`, `created`, `paused`, `restarting`, `dead`. */
  readonly state: string;
  /** `healthy`, `unhealthy`, `starting`, or undefined without a healthcheck. */
  readonly health: string | undefined;
  /** The engine's status line ("Up 3 minutes (healthy)"). */
  readonly status: string;
  /** For an exited container, its exit code (from the status line). */
  readonly exitCode: number | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly imageId: string;
  /** Names of the networks the container is attached to. */
  readonly networks: readonly string[];
  readonly ports: readonly Docker.Port[];
}

export interface ObservedProject {
  readonly name: string;
  readonly containers: readonly ObservedContainer[];
  /** Engine networks by name (any network with one of the project's names, labelled or not). */
  readonly networks: ReadonlyMap<
    string,
    { readonly id: string; readonly labels: Readonly<Record<string, string>>; readonly spec?: ObservedNetworkSpec }
  >;
  readonly volumes: ReadonlyMap<
    string,
    { readonly labels: Readonly<Record<string, string>>; readonly spec?: ObservedVolumeSpec }
  >;
}

const PROJECT = 'com.docker.compose.project';

function healthOf(status: string): string | undefined {
  return /\((healthy|unhealthy|health: starting)\)/.exec(status)?.[1]?.replace('health: ', '');
}

export function toObservedContainer(c: Docker.ContainerInfo): ObservedContainer {
  const labels = c.Labels ?? {};
  return {
    id: c.Id,
    name: (c.Names[0] ?? '').replace(/^\//, ''),
    service: labels['com.docker.compose.service'] ?? '',
    number: Number(labels['com.docker.compose.container-number'] ?? 0),
    oneoff: labels['com.docker.compose.oneoff'] === 'True',
    state: c.State,
    health: healthOf(c.Status),
    status: c.Status,
    exitCode: c.State === 'exited' ? Number(/Exited \((-?\d+)\)/.exec(c.Status)?.[1] ?? NaN) : undefined,
    labels,
    imageId: c.ImageID,
    networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
    ports: c.Ports ?? [],
  };
}

/** Lists the project's containers (all states), and the networks and volumes the project may use. */
export async function observeProject(docker: Docker, project: string): Promise<ObservedProject> {
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters: { label: [`${PROJECT}=${project}`] } }),
    docker.listNetworks(),
    docker.listVolumes(),
  ]);
  return {
    name: project,
    containers: containers.map(toObservedContainer).sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number),
    networks: new Map(networks.map((n) => [n.Name, { id: n.Id, labels: n.Labels ?? {}, spec: networkSpec(n) }])),
    volumes: new Map(
      (volumes.Volumes ?? []).map((v) => [
        v.Name,
        { labels: v.Labels ?? {}, spec: { driver: v.Driver, options: v.Options ?? {}, labels: v.Labels ?? {} } },
      ]),
    ),
  };
}

const networkSpec = (n: Docker.NetworkInspectInfo): ObservedNetworkSpec => ({
  driver: n.Driver,
  internal: n.Internal,
  attachable: n.Attachable,
  enableIPv6: n.EnableIPv6,
  subnets: (n.IPAM?.Config ?? []).flatMap((c) => (c.Subnet ? [c.Subnet] : [])),
  options: n.Options ?? {},
  labels: n.Labels ?? {},
});

/** Every compose project on the engine, by the project label, with its container count. */
export async function listComposeProjects(docker: Docker): Promise<{ name: string; containers: number; workingDir?: string }[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [PROJECT] } });
  const projects = new Map<string, { name: string; containers: number; workingDir?: string }>();
  for (const c of containers) {
    const name = c.Labels[PROJECT] ?? '';
    const entry = projects.get(name) ?? { name, containers: 0 };
    const workingDir = c.Labels['com.docker.compose.project.working_dir'];
    projects.set(name, { ...entry, containers: entry.containers + 1, ...(workingDir ? { workingDir } : {}) });
  }
  return [...projects.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Where a running project came from, as its containers' labels recorded it (the files and folder of its last
 * deploy): what `scale` reloads when no file is given. Empty when nothing of the project runs.
 */
export function deployedFrom(observed: ObservedProject): { files: string[]; workingDir?: string } {
  const labels = observed.containers[0]?.labels ?? {};
  const files = (labels['com.docker.compose.project.config_files'] ?? '').split(',').filter(Boolean);
  const workingDir = labels['com.docker.compose.project.working_dir'];
  return { files, ...(workingDir ? { workingDir } : {}) };
}
