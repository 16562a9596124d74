import type { Engine } from '../connection';
import { stopAndRemove } from './containerOps';
import { LABELS } from './labels';
import { observeProject } from './observe';

export interface DownResult {
  readonly removedContainers: readonly string[];
  readonly removedNetworks: readonly string[];
  readonly removedVolumes: readonly string[];
  readonly errors: readonly string[];
}

/** Dependents before what they depend on, read from the containers' `depends_on` labels (no file needed). */
function reverseDependencyLevels(dependsOn: ReadonlyMap<string, readonly string[]>): string[][] {
  const levels: string[][] = [];
  const left = new Set(dependsOn.keys());
  while (left.size > 0) {
    // A service nobody left depends on can go now.
    const free = [...left].filter((s) => ![...left].some((other) => other !== s && dependsOn.get(other)?.includes(s)));
    const level = free.length > 0 ? free : [...left];
    levels.push(level);
    for (const s of level) left.delete(s);
  }
  return levels;
}

/**
 * `down`: stops and removes the project's containers (dependents first), then its networks. With `volumes` (as
 * `docker compose down -v`) also the containers' anonymous volumes and the project's named volumes; without, both stay. Works from the engine's labels alone, so a project can be taken down without its file.
 */
export async function composeDown(
  engine: Engine,
  project: string,
  options: {
    readonly volumes?: boolean;
    /** Each container as it goes, and how many there are (for a progress report). */
    readonly onRemoved?: (container: string, done: number, total: number) => void;
  } = {},
): Promise<DownResult> {
  const { docker } = engine;
  const observed = await observeProject(docker, project);
  const errors: string[] = [];
  const removedContainers: string[] = [];
  const dependsOn = new Map<string, string[]>();
  for (const c of observed.containers)
    dependsOn.set(
      c.service,
      (c.labels[LABELS.dependsOn] ?? '')
        .split(',')
        .filter(Boolean)
        .map((d) => d.split(':')[0] ?? ''),
    );
  for (const level of reverseDependencyLevels(dependsOn)) {
    await Promise.all(
      observed.containers
        .filter((c) => level.includes(c.service))
        .map(async (c) => {
          try {
            await stopAndRemove(docker, c.id, undefined, options.volumes === true);
            removedContainers.push(c.name);
            options.onRemoved?.(c.name, removedContainers.length, observed.containers.length);
          } catch (error) {
            errors.push(error instanceof Error ? error.message : String(error));
          }
        }),
    );
  }
  const removedNetworks: string[] = [];
  const networks = await docker.listNetworks({ filters: { label: [`${LABELS.project}=${project}`] } });
  for (const network of networks) {
    try {
      await docker.getNetwork(network.Id).remove();
      removedNetworks.push(network.Name);
    } catch (error) {
      errors.push(`cannot remove network ${network.Name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const removedVolumes: string[] = [];
  if (options.volumes) {
    const volumes = await docker.listVolumes({ filters: { label: [`${LABELS.project}=${project}`] } });
    for (const volume of volumes.Volumes ?? []) {
      try {
        await docker.getVolume(volume.Name).remove();
        removedVolumes.push(volume.Name);
      } catch (error) {
        errors.push(`cannot remove volume ${volume.Name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return { removedContainers, removedNetworks, removedVolumes, errors };
}
