import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProjectHost } from './service';

/** Files bigger than this are not read as `.env` or included files: they would not be either. */
const MAX_READ_BYTES = 5 * 1024 * 1024;
/** A folder listing for path completion stops here (a menu of more would not help anyone). */
const MAX_LISTED = 2000;

/**
 * The service's window on the disk, for the language server and the CLI. Reads are synchronous: they are few, small
 * and local (`.env`, included compose files), and validation runs to completion per document version.
 */
export function createFsHost(overlay?: (uri: string) => string | undefined): ProjectHost {
  const pathOf = (uri: string): string | undefined => {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  };
  return {
    readFile(uri) {
      const open = overlay?.(uri);
      if (open !== undefined) return open;
      const path = pathOf(uri);
      try {
        // A missing file is common (a kustomization, an .env looked for): no exception for it.
        const size = path ? statSync(path, { throwIfNoEntry: false })?.size : undefined;
        return path && size !== undefined && size <= MAX_READ_BYTES ? readFileSync(path, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    exists(uri) {
      if (overlay?.(uri) !== undefined) return true;
      const path = pathOf(uri);
      return path !== undefined && existsSync(path);
    },
    listDirectory(uri) {
      const path = pathOf(uri);
      try {
        return path === undefined
          ? undefined
          : readdirSync(path, { withFileTypes: true })
              .slice(0, MAX_LISTED)
              .map((entry) => ({ name: entry.name, directory: entry.isDirectory() }));
      } catch {
        return undefined;
      }
    },
  };
}
