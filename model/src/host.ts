/**
 * What the service may ask of the world around a file: the contents of other files (`.env`, included files) and
 * whether a referenced path exists. The LSP server and the CLI implement it over the file system, tests over a map;
 * the service itself never touches a disk.
 */
export interface ProjectHost {
  /** The text of the file at `uri`, or undefined when it cannot be read. */
  readFile(uri: string): string | undefined;
  /** Whether a file or folder exists at `uri`. */
  exists(uri: string): boolean;
  /** The entries of the folder at `uri` (for path completion), or undefined when it cannot be listed. */
  listDirectory?(uri: string): readonly DirectoryEntry[] | undefined;
}

export interface DirectoryEntry {
  readonly name: string;
  readonly directory: boolean;
}

/** A host that knows no other file: `.env` is absent, and no reference is reported missing. */
export const isolatedHost: ProjectHost = { readFile: () => undefined, exists: () => true };

/** The folder URI of a file URI, with a trailing slash. */
export function dirnameUri(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** Resolves a relative or absolute path written in a file against that file's folder (URI form, `/` separators). */
export function resolveUri(baseFileUri: string, path: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(baseFileUri)?.[0] ?? '';
  const written = path.replace(/\\/g, '/');
  const joined = written.startsWith('/') ? written : dirnameUri(baseFileUri).slice(scheme.length) + written;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return `${scheme}/${parts.map(encodePathPart).join('/')}`;
}

function encodePathPart(part: string): string {
  // Keep what is already percent-encoded; encode what a URI cannot hold as it is.
  return /%[0-9A-Fa-f]{2}/.test(part) ? part : encodeURIComponent(part).replace(/%40/g, '@');
}
