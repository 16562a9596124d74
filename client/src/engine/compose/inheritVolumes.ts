import type Docker from 'dockerode';

/**
 * Compose's recreate keeps data: the new container is given the old one's anonymous volumes (an image's `VOLUME`, a
 * service's `volumes: [/data]`), so a database's files survive a configuration change instead of staying behind in a
 * dangling volume. Named volumes need nothing: the new container names them again.
 */

/** Anonymous volumes get a random 64-hex name from the engine; named ones keep theirs. */
const ANONYMOUS = /^[0-9a-f]{64}$/;

/** The old container's anonymous volumes, by mount target. An old container that is gone has none. */
export async function anonymousVolumesOf(docker: Docker, containerId: string): Promise<Map<string, string>> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await docker.getContainer(containerId).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return new Map();
    throw error;
  }
  const volumes = new Map<string, string>();
  for (const m of info.Mounts ?? [])
    if (m.Type === 'volume' && m.Name && ANONYMOUS.test(m.Name)) volumes.set(normalTarget(m.Destination), m.Name);
  return volumes;
}

const normalTarget = (target: string): string => target.replace(/\/+$/, '') || '/';

/** Every target the new container's options mount something named at: binds, named volumes, tmpfs. */
function namedTargets(host: Docker.HostConfig): Set<string> {
  const targets = new Set<string>();
  for (const bind of host.Binds ?? []) {
    const target = bind.split(':')[1];
    if (target) targets.add(normalTarget(target));
  }
  for (const m of host.Mounts ?? []) if (m.Type !== 'volume' || m.Source) targets.add(normalTarget(m.Target));
  for (const target of Object.keys(host.Tmpfs ?? {})) targets.add(normalTarget(target));
  return targets;
}

/**
 * The create options with the old container's anonymous volumes carried over: an anonymous volume the new
 * configuration asks for at the same target takes the old one's name, and an image `VOLUME` the configuration does
 * not mount otherwise gets the old one's volume. A target the new configuration names (a bind, a named volume, a
 * tmpfs) wins, as in compose.
 */
export function withInheritedVolumes(
  options: Docker.ContainerCreateOptions,
  inherited: ReadonlyMap<string, string>,
  imageVolumes: readonly string[],
): Docker.ContainerCreateOptions {
  if (inherited.size === 0) return options;
  const host = options.HostConfig ?? {};
  const named = namedTargets(host);
  const used = new Set<string>();
  const mounts = (host.Mounts ?? []).map((m) => {
    const old = m.Type === 'volume' && !m.Source ? inherited.get(normalTarget(m.Target)) : undefined;
    if (!old) return m;
    used.add(normalTarget(m.Target));
    return { ...m, Source: old };
  });
  for (const target of imageVolumes.map(normalTarget)) {
    const old = inherited.get(target);
    if (!old || named.has(target) || used.has(target)) continue;
    mounts.push({ Type: 'volume', Source: old, Target: target });
  }
  return { ...options, HostConfig: { ...host, Mounts: mounts } };
}

/** The `VOLUME` paths of an image (none when it cannot be inspected: a recreate then only keeps declared ones). */
export async function imageVolumesOf(docker: Docker, image: string): Promise<string[]> {
  try {
    const info = await docker.getImage(image).inspect();
    return Object.keys(info.Config?.Volumes ?? {});
  } catch {
    return [];
  }
}
