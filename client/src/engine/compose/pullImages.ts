import type Docker from 'dockerode';
import type { ComposeProject } from '@stevedore/model';
import type { Engine } from '../connection';
import { engineMessage } from '../engineMessage';
import { imageNameOf } from './imageStates';

/**
 * Pull a project's images (`docker compose pull`), one image at a time with every layer's progress. A service that
 * only builds is left out; `pull_policy: missing | if_not_present | never` keeps an image already on the engine
 * without asking a registry; a registry that cannot be reached (no network, a name that is local only) is reported
 * per image, and the local image, when there is one, stays in use.
 */

export interface LayerProgress {
  readonly image: string;
  /** The layer's id; absent for the image's own lines ("Pulling from library/nginx", "Digest: …"). */
  readonly layer?: string;
  readonly status: string;
  readonly current?: number;
  readonly total?: number;
}

export type PullOutcome =
  | { readonly image: string; readonly status: 'pulled' | 'up-to-date' }
  | { readonly image: string; readonly status: 'present'; readonly reason: string }
  | { readonly image: string; readonly status: 'failed'; readonly reason: string; readonly localCopy: boolean };

const KEEPS_LOCAL = new Set(['missing', 'if_not_present', 'never']);

async function present(docker: Docker, image: string): Promise<boolean> {
  return docker
    .getImage(image)
    .inspect()
    .then(() => true)
    .catch(() => false);
}

function followPull(docker: Docker, stream: NodeJS.ReadableStream, image: string, onProgress: (p: LayerProgress) => void) {
  return new Promise<boolean>((resolve, reject) => {
    let upToDate = false;
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : failure ? reject(new Error(failure)) : resolve(upToDate)),
      (event: Record<string, unknown>) => {
        const error = (event['errorDetail'] as { message?: string } | undefined)?.message ?? event['error'];
        if (typeof error === 'string') failure ??= error.trim();
        const status = typeof event['status'] === 'string' ? event['status'] : undefined;
        if (!status) return;
        if (/up to date/i.test(status)) upToDate = true;
        const detail = event['progressDetail'] as { current?: number; total?: number } | undefined;
        onProgress({
          image,
          status,
          ...(typeof event['id'] === 'string' && event['id'] !== image.split(':').pop() ? { layer: event['id'] } : {}),
          ...(detail?.current !== undefined ? { current: detail.current } : {}),
          ...(detail?.total !== undefined ? { total: detail.total } : {}),
        });
      },
    );
  });
}

/** Pulls every image the project's enabled services name, in service order, each image once. */
export async function pullProjectImages(
  engine: Engine,
  project: ComposeProject,
  onProgress: (p: LayerProgress) => void = () => undefined,
): Promise<PullOutcome[]> {
  const outcomes: PullOutcome[] = [];
  const seen = new Set<string>();
  for (const service of Object.values(project.services)) {
    if (!service.image && service.build) continue; // built here, nothing to pull
    const image = imageNameOf(project, service);
    if (seen.has(image)) continue;
    seen.add(image);
    const local = await present(engine.docker, image);
    if (local && KEEPS_LOCAL.has(service.pull_policy ?? '')) {
      outcomes.push({ image, status: 'present', reason: `already present (pull_policy: ${service.pull_policy})` });
      continue;
    }
    try {
      const stream = await engine.docker.pull(image);
      const upToDate = await followPull(engine.docker, stream, image, onProgress);
      outcomes.push({ image, status: upToDate ? 'up-to-date' : 'pulled' });
    } catch (error) {
      outcomes.push({
        image,
        status: 'failed',
        reason: engineMessage(error).replace(/^\(HTTP code \d+\) [^-]*- /, ''),
        localCopy: local,
      });
    }
  }
  return outcomes;
}

/** One line per image, as the CLI prints it and the editor shows it. */
export function describePull(outcome: PullOutcome): string {
  switch (outcome.status) {
    case 'pulled':
      return `${outcome.image}: pulled`;
    case 'up-to-date':
      return `${outcome.image}: up to date`;
    case 'present':
      return `${outcome.image}: ${outcome.reason}, not pulled`;
    case 'failed':
      return `${outcome.image}: not pulled (${outcome.reason})${outcome.localCopy ? '; the local image stays in use' : ''}`;
  }
}
