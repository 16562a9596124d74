import { dirnameUri, resolveUri, type ProjectHost } from '../host';
import {
  composeFileList,
  DEFAULT_COMPOSE_FILES,
  includedFiles,
  nearbyComposeFiles,
  projectDefinitions,
  readProjectFile,
  type ProjectDefinitions,
} from './projectFiles';
import type { ProjectNames } from './names';

/**
 * Whether a file may be a fragment of a project whose other files are not all known: then a name it uses but does
 * not define may come from a file that is not seen, and an undefined reference is a warning, not an error.
 *
 * A file is a known fragment when
 * - compose or stack reads it only with `-f` (any name but the default files and a stack file's usual names: an
 *   overlay such as `compose.override.yaml` or `docker-compose.prod.yml`, or a file given beside others);
 * - it is a stack file beside a default compose file (`docker stack deploy -c docker-compose.yml -c docker-stack.yml`);
 * - COMPOSE_FILE names it together with other files;
 * - a compose file in its folder or the parent folder includes it;
 * - a file of its project exists but cannot be read.
 */

const STACK_ENTRY = /^(docker-stack|stack)\.ya?ml$|\.stack\.ya?ml$/i;

const nameOf = (uri: string): string => decodeURIComponent(uri.slice(dirnameUri(uri).length));

function includedByNearby(host: ProjectHost, fileUri: string): boolean {
  const name = nameOf(fileUri);
  return nearbyComposeFiles(host, fileUri).some((candidate) => {
    if (candidate === fileUri || !(host.readFile(candidate)?.includes(name) ?? false)) return false;
    return includedFiles(candidate, readProjectFile(host, candidate)).includes(fileUri);
  });
}

export function isKnownFragment(
  host: ProjectHost,
  fileUri: string,
  env: ReadonlyMap<string, string>,
  definitions: ProjectDefinitions,
): boolean {
  if (!definitions.allRead) return true;
  const name = nameOf(fileUri);
  const stackEntry = STACK_ENTRY.test(name);
  if (!DEFAULT_COMPOSE_FILES.includes(name) && !stackEntry) return true;
  if (stackEntry && DEFAULT_COMPOSE_FILES.some((base) => host.exists(resolveUri(fileUri, base)))) return true;
  const composeFiles = composeFileList((key) => env.get(key)).map((f) => resolveUri(fileUri, f));
  if (composeFiles.length > 1 && composeFiles.includes(fileUri)) return true;
  return includedByNearby(host, fileUri);
}

/** What a file's references are checked against: the names its project defines, and whether it is a fragment. */
export interface ReferenceScope {
  readonly names: ProjectNames;
  /** Asked only when a name is missing (it may read the folder). */
  isFragment(): boolean;
}

export function referenceScope(
  host: ProjectHost,
  fileUri: string,
  root: unknown,
  env: ReadonlyMap<string, string>,
): ReferenceScope {
  const definitions = projectDefinitions(host, fileUri, root, env);
  let fragment: boolean | undefined;
  return {
    names: definitions.names,
    isFragment: () => (fragment ??= isKnownFragment(host, fileUri, env, definitions)),
  };
}
