import type { ProjectHost } from '../../server/src/service';

/** A project host over a map of path → text, for tests: `{ '/w/.env': 'TAG=1' }`. Folders exist when a file is in them. */
export function memoryHost(files: Readonly<Record<string, string>>): ProjectHost {
  const paths = new Map(Object.entries(files).map(([path, text]) => [`file://${path}`, text]));
  return {
    readFile: (uri) => paths.get(uri),
    exists: (uri) => paths.has(uri) || [...paths.keys()].some((p) => p.startsWith(`${uri.replace(/\/$/, '')}/`)),
    listDirectory: (uri) => {
      const folder = `${uri.replace(/\/$/, '')}/`;
      const entries = new Map<string, boolean>();
      for (const p of paths.keys()) {
        if (!p.startsWith(folder)) continue;
        const [name = '', ...rest] = p.slice(folder.length).split('/');
        entries.set(name, (entries.get(name) ?? false) || rest.length > 0);
      }
      return entries.size > 0 ? [...entries].map(([name, directory]) => ({ name, directory })) : undefined;
    },
  };
}
