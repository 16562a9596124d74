import type { ProjectHost } from '../../server/src/service';

/** A project host over a map of path → text, for tests: `{ '/w/.env': 'TAG=1' }`. Folders exist when a file is in them. */
export function memoryHost(files: Readonly<Record<string, string>>): ProjectHost {
  const paths = new Map(Object.entries(files).map(([path, text]) => [`file://${path}`, text]));
  return {
    readFile: (uri) => paths.get(uri),
    exists: (uri) => paths.has(uri) || [...paths.keys()].some((p) => p.startsWith(`${uri.replace(/\/$/, '')}/`)),
  };
}
