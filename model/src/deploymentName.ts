/**
 * The name a file deploys under when the user gives none: one rule for the CLI, the Deploy command and the code
 * lens, so the three never disagree.
 *
 * - A compose project takes its top-level `name:`, else its folder, normalised as compose does (compose-go
 *   `NormalizeProjectName`): lower case, only `[a-z0-9_-]`, leading `_` and `-` dropped.
 * - `docker stack deploy` has no default (the name is an argument); Stevedore names a stack after its folder, with
 *   the same normalisation. A leading `_` or `-` must go there too: the swarm names services `<stack>_<service>`,
 *   and a service name must start with a letter or digit.
 * - When nothing is left (a folder named `_` or `Ü`), the kind's own word: `project` or `stack`.
 */

export type DeploymentKind = 'compose' | 'stack';

/** Lower case, only `[a-z0-9_-]`, starting with a letter or digit; empty when nothing of `raw` qualifies. */
export function normalizeDeploymentName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/** True when `name` is already what normalisation would make of it (compose refuses an explicit name otherwise). */
export const isNormalDeploymentName = (name: string): boolean => /^[a-z0-9][a-z0-9_-]*$/.test(name);

/** The name of the folder that holds `file`: a path (`/` or `\`) or a `file://` URI (decoded). */
export function folderNameOf(file: string): string {
  const isUri = /^[a-z][a-z0-9+.-]*:\/\//i.test(file);
  const segments = file.split(isUri ? '/' : /[\\/]/).filter((s, i, all) => s !== '' || i === all.length - 1);
  const folder = segments[segments.length - 2] ?? '';
  if (!isUri) return folder;
  try {
    return decodeURIComponent(folder);
  } catch {
    return folder;
  }
}

export interface DeploymentNameSource {
  readonly kind: DeploymentKind;
  /** The (first) file, as a path or a `file://` URI. */
  readonly file: string;
  /** A compose file's top-level `name:` as resolved; ignored for a stack, which is named after its folder. */
  readonly written?: string;
}

export function deploymentName(source: DeploymentNameSource): string {
  const base = source.kind === 'compose' && source.written ? source.written : folderNameOf(source.file);
  return normalizeDeploymentName(base) || (source.kind === 'stack' ? 'stack' : 'project');
}
