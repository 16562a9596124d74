import type { LocalImage } from '../../../server/src/service/protocol';
import type { Engine } from './connection';

/**
 * The images on the engine, grouped by repository with their tags (`nginx` → `1.27`, `latest`), for image-name
 * completion. Untagged images (`<none>:<none>`) and digests are left out: they cannot be written as `name:tag`.
 */
export async function localImages(engine: Engine): Promise<LocalImage[]> {
  const summaries = await engine.docker.listImages();
  const byRepository = new Map<string, Set<string>>();
  for (const summary of summaries) {
    for (const reference of summary.RepoTags ?? []) {
      const colon = reference.lastIndexOf(':');
      if (colon <= reference.lastIndexOf('/')) continue;
      const repository = reference.slice(0, colon);
      const tag = reference.slice(colon + 1);
      if (repository === '<none>' || tag === '<none>') continue;
      const tags = byRepository.get(repository) ?? new Set<string>();
      tags.add(tag);
      byRepository.set(repository, tags);
    }
  }
  return [...byRepository]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([repository, tags]) => ({ repository, tags: [...tags].sort() }));
}
