import type Docker from 'dockerode';
import type { ComposeProject } from '@stevedore/model';
import { engineMessage } from '../engineMessage';
import { stopAndRemove } from './containerOps';
import { COMPOSE_VERSION, LABELS } from './labels';

/**
 * The project's networks and volumes on the engine: made as compose makes them, and made again when their
 * configuration drifted. A network's containers are detached and attached again with the same aliases; a volume's
 * containers are removed first (the plan recreates them) and its data goes with it: the plan said so and the user
 * accepted.
 */

export async function createNetwork(docker: Docker, project: ComposeProject, key: string): Promise<void> {
  const network = project.networks[key];
  if (!network) return;
  await docker.createNetwork({
    Name: network.name,
    CheckDuplicate: true,
    ...(network.driver ? { Driver: network.driver } : {}),
    ...(network.driver_opts ? { Options: { ...network.driver_opts } } : {}),
    ...(network.internal ? { Internal: true } : {}),
    ...(network.attachable ? { Attachable: true } : {}),
    ...(network.enable_ipv6 ? { EnableIPv6: true } : {}),
    ...(network.ipam ? { IPAM: ipamOf(network.ipam) } : {}),
    Labels: { ...network.labels, [LABELS.project]: project.name, [LABELS.network]: key, [LABELS.version]: COMPOSE_VERSION },
  });
}

function ipamOf(ipam: Readonly<Record<string, unknown>>): Docker.IPAM {
  const config = Array.isArray(ipam['config']) ? (ipam['config'] as Record<string, string>[]) : [];
  return {
    Driver: typeof ipam['driver'] === 'string' ? ipam['driver'] : 'default',
    Config: config.map((c) => ({
      ...(c['subnet'] ? { Subnet: c['subnet'] } : {}),
      ...(c['gateway'] ? { Gateway: c['gateway'] } : {}),
      ...(c['ip_range'] ? { IPRange: c['ip_range'] } : {}),
    })),
  };
}

export async function createVolume(docker: Docker, project: ComposeProject, key: string): Promise<void> {
  const volume = project.volumes[key];
  if (!volume) return;
  await docker.createVolume({
    Name: volume.name,
    ...(volume.driver ? { Driver: volume.driver } : {}),
    ...(volume.driver_opts ? { DriverOpts: { ...volume.driver_opts } } : {}),
    Labels: { ...volume.labels, [LABELS.project]: project.name, [LABELS.volume]: key, [LABELS.version]: COMPOSE_VERSION },
  });
}

interface Attachment {
  readonly id: string;
  readonly endpoint: Docker.EndpointSettings;
}

/** Every container on the network, running or not, with how it was attached (the list omits the aliases). */
async function attachmentsOf(docker: Docker, name: string): Promise<Attachment[]> {
  const containers = await docker.listContainers({ all: true, filters: { network: [name] } });
  return Promise.all(
    containers.map(async (c) => {
      const info = await docker.getContainer(c.Id).inspect();
      return { id: c.Id, endpoint: info.NetworkSettings.Networks[name] ?? {} };
    }),
  );
}

export async function recreateNetwork(docker: Docker, project: ComposeProject, key: string): Promise<void> {
  const network = project.networks[key];
  if (!network) return;
  const attached = await attachmentsOf(docker, network.name);
  for (const a of attached) await docker.getNetwork(network.name).disconnect({ Container: a.id, Force: true });
  await docker.getNetwork(network.name).remove();
  await createNetwork(docker, project, key);
  const failed: string[] = [];
  for (const a of attached) {
    const aliases = (a.endpoint.Aliases ?? []).filter((alias) => !a.id.startsWith(alias));
    await docker
      .getNetwork(network.name)
      .connect({
        Container: a.id,
        EndpointConfig: {
          ...(aliases.length > 0 ? { Aliases: aliases } : {}),
          ...(a.endpoint.IPAMConfig ? { IPAMConfig: a.endpoint.IPAMConfig } : {}),
        },
      })
      .catch((error: unknown) => failed.push(`${a.id.slice(0, 12)}: ${engineMessage(error)}`));
  }
  if (failed.length > 0)
    throw new Error(
      `network ${network.name} was recreated, but these containers could not be attached again: ${failed.join('; ')}`,
    );
}

export async function recreateVolume(docker: Docker, project: ComposeProject, key: string): Promise<void> {
  const volume = project.volumes[key];
  if (!volume) return;
  const users = await docker.listContainers({ all: true, filters: { volume: [volume.name] } });
  const foreign = users.filter((c) => c.Labels?.[LABELS.project] !== project.name);
  if (foreign.length > 0)
    throw new Error(
      `volume ${volume.name} is also used by ${foreign.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')).join(', ')}, which is not of project ${project.name}`,
    );
  for (const c of users) await stopAndRemove(docker, c.Id);
  await docker.getVolume(volume.name).remove();
  await createVolume(docker, project, key);
}
