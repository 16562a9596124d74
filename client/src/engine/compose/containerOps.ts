import type Docker from 'dockerode';
import type { ComposeProject, ServiceConfig } from '@stevedore/model';
import { parseDuration } from '../units';
import { tarArchive } from '../tar';
import { containerCreateOptions } from './containerSpec';
import { engineMessage } from '../engineMessage';
import { anonymousVolumesOf, imageVolumesOf, withInheritedVolumes } from './inheritVolumes';

/** The engine calls behind one container operation of a compose plan. */

export interface ContainerContext {
  readonly docker: Docker;
  readonly apiVersion: string;
  readonly project: ComposeProject;
  /** Image id per service, for the `com.docker.compose.image` label. */
  readonly imageIds: ReadonlyMap<string, string>;
  /** The id of a running container of a service, for `network_mode: service:x` and `volumes_from`. */
  readonly containerOf: (service: string) => string | undefined;
}

export function stopTimeoutSeconds(service: ServiceConfig): number | undefined {
  const grace = service['stop_grace_period'];
  return typeof grace === 'string' ? Math.ceil(parseDuration(grace) / 1e9) : undefined;
}

/**
 * Creates the container (networks connected, files copied), without starting it. Returns its id. `replacing` is the
 * container it replaces, whose anonymous volumes it takes over.
 */
export async function createServiceContainer(
  ctx: ContainerContext,
  service: ServiceConfig,
  number: number,
  name?: string,
  replacing?: string,
): Promise<string> {
  const imageId = ctx.imageIds.get(service.name);
  const spec = containerCreateOptions({
    project: ctx.project,
    service,
    number,
    apiVersion: ctx.apiVersion,
    ...(imageId ? { imageId } : {}),
    resolveServiceContainer: ctx.containerOf,
  });
  const named = name ? { ...spec.options, name } : spec.options;
  const options = replacing
    ? withInheritedVolumes(
        named,
        await anonymousVolumesOf(ctx.docker, replacing),
        await imageVolumesOf(ctx.docker, imageId ?? named.Image ?? ''),
      )
    : named;
  let container: Docker.Container;
  try {
    container = await ctx.docker.createContainer(options);
  } catch (error) {
    throw new Error(`cannot create ${options.name ?? service.name}: ${engineMessage(error)}`);
  }
  try {
    for (const network of spec.extraNetworks)
      await ctx.docker.getNetwork(network.name).connect({
        Container: container.id,
        EndpointConfig: {
          Aliases: [...network.aliases],
          ...(network.ipv4Address || network.ipv6Address
            ? {
                IPAMConfig: {
                  ...(network.ipv4Address ? { IPv4Address: network.ipv4Address } : {}),
                  ...(network.ipv6Address ? { IPv6Address: network.ipv6Address } : {}),
                },
              }
            : {}),
        },
      });
    if (spec.uploads.length > 0) {
      const archive = await tarArchive(
        spec.uploads.map((u) => ({
          path: u.path.replace(/^\/+/, ''),
          content: u.content,
          mode: u.mode,
          ...(u.uid !== undefined ? { uid: Number(u.uid) } : {}),
          ...(u.gid !== undefined ? { gid: Number(u.gid) } : {}),
        })),
      );
      await container.putArchive(archive, { path: '/' });
    }
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw new Error(`cannot prepare ${options.name ?? service.name}: ${engineMessage(error)}`);
  }
  return container.id;
}

/** Starts a container; one that cannot start is removed, so no labelled container is left half-made. */
export async function startOrRemove(ctx: ContainerContext, id: string, name: string): Promise<void> {
  try {
    await ctx.docker.getContainer(id).start();
  } catch (error) {
    await ctx.docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
    throw new Error(`cannot start ${name} (it was created, then removed): ${engineMessage(error)}`);
  }
}

export async function stopAndRemove(docker: Docker, id: string, timeout?: number, removeVolumes = false): Promise<void> {
  const container = docker.getContainer(id);
  try {
    await container.stop(timeout !== undefined ? { t: timeout } : {});
  } catch (error) {
    // 304: already stopped; 404: already gone.
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 304 && status !== 404) throw new Error(`cannot stop ${id.slice(0, 12)}: ${engineMessage(error)}`);
  }
  try {
    await container.remove({ force: true, v: removeVolumes });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404)
      throw new Error(`cannot remove ${id.slice(0, 12)}: ${engineMessage(error)}`);
  }
}

/**
 * Compose's recreate: the new container is made beside the old one under a temporary name, so a create that fails
 * leaves the old one running; then the old one is stopped and removed (its anonymous volumes kept: the new one mounts
 * them), and the new one renamed and started.
 */
export async function recreateContainer(
  ctx: ContainerContext,
  service: ServiceConfig,
  number: number,
  oldId: string,
  name: string,
): Promise<string> {
  const id = await createServiceContainer(ctx, service, number, `${oldId.slice(0, 12)}_${name}`, oldId);
  try {
    await stopAndRemove(ctx.docker, oldId, stopTimeoutSeconds(service));
    await ctx.docker.getContainer(id).rename({ name });
  } catch (error) {
    await ctx.docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
    throw error;
  }
  await startOrRemove(ctx, id, name);
  return id;
}
