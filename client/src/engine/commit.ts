import type { Engine } from './connection';
import { engineMessage } from './engineMessage';

/**
 * Save container as image (`docker commit`): the container's filesystem becomes a new image under a name and tag
 * the user chose. The reference is checked against the docker reference grammar (distribution/reference) before
 * the engine is called, so a bad name gets our explanation rather than the engine's.
 */

export interface ImageReference {
  /** `registry.example.com:5000/team/app`, as written (lowercase path). */
  readonly repository: string;
  readonly tag: string;
}

// distribution/reference's grammar: path components of lowercase alphanumerics joined by one `.`, one or two `_`,
// or any number of `-`; an optional domain (a host name or IPv4 with an optional port, or localhost) before the
// first `/`; a tag of word characters, dots and dashes, not starting with `.` or `-`, at most 128 characters.
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const NAME_MAX = 255;

/** What is wrong with a repository[:tag] the user is typing, or undefined when it is fine (an input box's check). */
export function imageReferenceProblem(text: string): string | undefined {
  try {
    parseImageReference(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A repository[:tag] the user typed, checked; the tag defaults to `latest`. Throws with what is wrong. */
export function parseImageReference(text: string): ImageReference {
  const ref = text.trim();
  if (!ref) throw new Error('an image name is needed, e.g. myapp:debug');
  if (ref.includes('@')) throw new Error(`${ref}: a saved image gets a tag, not a digest (remove "@…")`);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : 'latest';
  if (!TAG.test(tag))
    throw new Error(`${ref}: the tag "${tag}" must be 1–128 letters, digits, "_", "." or "-", not starting with "." or "-"`);
  if (repository.length > NAME_MAX) throw new Error(`${ref}: the name is longer than ${NAME_MAX} characters`);
  const parts = repository.split('/');
  const first = parts[0] ?? '';
  // As docker reads it, the first part is a registry when it has a dot or a port, or is "localhost".
  const isDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (isDomain && !DOMAIN.test(first)) throw new Error(`${ref}: "${first}" is not a valid registry host[:port]`);
  for (const part of isDomain ? parts.slice(1) : parts) {
    if (part !== part.toLowerCase()) throw new Error(`${ref}: repository names must be lowercase ("${part}")`);
    if (!COMPONENT.test(part))
      throw new Error(
        `${ref}: "${part || '(empty)'}" is not a valid name part (lowercase letters and digits, joined by ".", "_", "__" or "-")`,
      );
  }
  return { repository, tag };
}

/** Commits the container to `repository:tag`; returns the new image's id (`sha256:…`). */
export async function commitContainer(
  engine: Engine,
  containerId: string,
  reference: ImageReference,
  options: { readonly comment?: string; readonly pause?: boolean } = {},
): Promise<string> {
  try {
    const result = (await engine.docker.getContainer(containerId).commit({
      repo: reference.repository,
      tag: reference.tag,
      pause: options.pause ?? true,
      ...(options.comment ? { comment: options.comment } : {}),
    })) as { Id?: string };
    if (!result.Id) throw new Error('the engine returned no image id');
    return result.Id;
  } catch (error) {
    throw new Error(
      `cannot save container ${containerId.slice(0, 12)} as ${reference.repository}:${reference.tag}: ${engineMessage(error)}`,
    );
  }
}
