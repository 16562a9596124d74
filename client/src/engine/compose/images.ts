import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type Docker from 'dockerode';
import type { ComposeProject, ServiceConfig } from '@stevedore/model';
import { isIgnored, parseDockerignore } from '../dockerignore';
import { buildContextArchive } from './buildContext';
import { imageNameOf } from './imageStates';
import { LABELS } from './labels';

/**
 * Gets a service's image onto the engine: built from its local context (tarred and sent, so it works against a
 * remote engine too) or pulled. Progress streams are followed to the end and an error event is an error (dockerode
 * reports those streams as successful).
 */

export interface ImageProgress {
  readonly service: string;
  readonly text: string;
}

/**
 * The engine's own words. dockerode prefixes them with "(HTTP code 500) server error - " and, for streamed calls
 * (pull, build), keeps no parsed body, so the prefix is stripped.
 */
function engineWords(error: unknown): string {
  const json = (error as { json?: { message?: unknown } | null }).json;
  if (json && typeof json.message === 'string') return json.message.trim();
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

function follow(docker: Docker, stream: NodeJS.ReadableStream, onEvent: (event: Record<string, unknown>) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : failure ? reject(new Error(failure)) : resolve()),
      (event: Record<string, unknown>) => {
        const detail = (event['errorDetail'] as { message?: string } | undefined)?.message;
        const message = detail ?? (typeof event['error'] === 'string' ? event['error'] : undefined);
        if (message) failure ??= message.trim();
        onEvent(event);
      },
    );
  });
}

/** The files of a build context the builder would receive, `.dockerignore` applied (the Dockerfile always goes). */
export function contextFiles(context: string, dockerfile: string): string[] {
  const ignorePath = join(context, '.dockerignore');
  const rules = parseDockerignore(existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : '');
  const files = readdirSync(context, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(context, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((path) => !isIgnored(rules, path) || path === dockerfile || path === '.dockerignore');
  return files.sort();
}

async function build(
  docker: Docker,
  project: ComposeProject,
  service: ServiceConfig,
  onProgress?: (p: ImageProgress) => void,
): Promise<void> {
  const spec = service.build;
  if (!spec) throw new Error(`${service.name} has no build section`);
  if (!existsSync(spec.context)) throw new Error(`build context ${spec.context} of ${service.name} does not exist`);
  const dockerfile = spec.dockerfile ?? 'Dockerfile';
  const tag = imageNameOf(project, service);
  const buildargs = Object.fromEntries(
    Object.entries(spec.args ?? {}).flatMap(([k, v]) => {
      const value = v ?? project.environment[k];
      return value === undefined ? [] : [[k, value]];
    }),
  );
  try {
    const stream = await docker.buildImage(await buildContextArchive(spec.context, dockerfile), {
      t: tag,
      dockerfile,
      rm: true,
      // A failed step leaves its container behind unless asked: a failed build must not leave garbage on the engine.
      forcerm: true,
      ...(Object.keys(buildargs).length > 0 ? { buildargs } : {}),
      ...(spec.target ? { target: spec.target } : {}),
      labels: { ...(spec.labels ?? {}), [LABELS.project]: project.name, [LABELS.service]: service.name },
    });
    await follow(docker, stream, (event) => {
      const text = typeof event['stream'] === 'string' ? event['stream'].trim() : undefined;
      if (text) onProgress?.({ service: service.name, text });
    });
  } catch (error) {
    throw new Error(`cannot build ${tag} for ${service.name} from ${spec.context}: ${engineWords(error)}`);
  }
}

async function pull(docker: Docker, image: string, service: string, onProgress?: (p: ImageProgress) => void): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(image);
  } catch (error) {
    throw new Error(`cannot pull ${image} for ${service}: ${engineWords(error)}`);
  }
  await follow(docker, stream, (event) => {
    const status = typeof event['status'] === 'string' ? event['status'] : undefined;
    if (status) onProgress?.({ service, text: `${typeof event['id'] === 'string' ? `${event['id']}: ` : ''}${status}` });
  }).catch((error: unknown) => {
    throw new Error(`cannot pull ${image} for ${service}: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** Builds or pulls as asked, then returns the image id. */
export async function ensureServiceImage(
  docker: Docker,
  project: ComposeProject,
  service: ServiceConfig,
  options: { readonly pull: 'always' | 'build'; readonly onProgress?: (p: ImageProgress) => void },
): Promise<string> {
  const image = imageNameOf(project, service);
  if (options.pull === 'build') await build(docker, project, service, options.onProgress);
  else if (service.pull_policy === 'never')
    throw new Error(`image ${image} of ${service.name} is not on the engine, and pull_policy is never`);
  else await pull(docker, image, service.name, options.onProgress);
  return (await docker.getImage(image).inspect()).Id;
}
