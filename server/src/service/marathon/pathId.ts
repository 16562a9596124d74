/**
 * Marathon's path ids (`/prod/web`, `web`, `../db`) as its `PathId` reads and validates them
 * (mesosphere/marathon `state/PathId.scala`): the text is split at `/` (leading, trailing and repeated slashes
 * dropped); an id that starts with `/` is absolute, any other is relative to the group it is written in.
 */
export interface PathId {
  readonly segments: readonly string[];
  readonly absolute: boolean;
}

export function parsePathId(text: string): PathId {
  return { segments: text.split('/').filter((s) => s !== ''), absolute: text.startsWith('/') };
}

/** A segment: dot-separated names of lowercase letters and digits with `-` inside them, or `.` or `..`. */
const SEGMENT = /^(?:(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$|^\.\.?$/;

/** What Marathon refuses as the last segment (they name sub-resources of its API). */
export const RESERVED_LAST_SEGMENTS: readonly string[] = ['restart', 'tasks', 'versions', '.', '..'];

export const isValidSegment = (segment: string): boolean => SEGMENT.test(segment);

/** The absolute path an id names, written in the group `base` (absolute): `.` dropped, `..` one level up. */
export function canonicalPath(id: PathId, base: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const segment of id.absolute ? id.segments : [...base, ...id.segments]) {
    if (segment === '..') out.pop();
    else if (segment !== '.') out.push(segment);
  }
  return out;
}

export const pathText = (segments: readonly string[]): string => `/${segments.join('/')}`;
