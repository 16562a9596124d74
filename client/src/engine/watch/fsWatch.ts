import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { existsSync, statSync } from 'node:fs';

/**
 * Changes on disk under the given roots (folders watched recursively, files on their own), as absolute paths: what
 * the CLI's `stevedore watch` and the editor (for changes made outside it) feed a ProjectWatch. A root that does not
 * exist yet is skipped; `close` stops everything.
 */
export function watchPaths(roots: readonly string[], onChange: (path: string) => void): { close(): void } {
  const watchers: FSWatcher[] = [];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    const folder = statSync(root).isDirectory();
    const watcher = watch(root, { recursive: folder }, (_event, name) =>
      onChange(folder && name ? join(root, name.toString()) : root),
    );
    watcher.on('error', () => watcher.close());
    watchers.push(watcher);
  }
  return { close: () => watchers.forEach((w) => w.close()) };
}
