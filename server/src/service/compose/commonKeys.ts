/**
 * The Compose keys most files use, per place: completion lists them before the rest (which stay
 * alphabetical), so `image` and `ports` come before `annotations` and `blkio_config`. A hand-picked list: the keys
 * a first compose file writes, the everyday ones before the occasional.
 */
const COMMON_KEYS: Readonly<Record<string, readonly string[]>> = {
  top: ['services', 'volumes', 'networks', 'name', 'secrets', 'configs', 'include'],
  service: [
    'image',
    'build',
    'ports',
    'environment',
    'volumes',
    'depends_on',
    'command',
    'restart',
    'networks',
    'env_file',
    'healthcheck',
    'container_name',
    'profiles',
    'deploy',
    'develop',
    'entrypoint',
    'working_dir',
    'labels',
    'user',
    'init',
  ],
};

/** Where the cursor's keys go: the file's top level, a service, or elsewhere (no ranking). */
function placeOf(path: readonly (string | number)[]): string | undefined {
  if (path.length === 0) return 'top';
  if (path.length === 2 && path[0] === 'services') return 'service';
  return undefined;
}

/**
 * A key's sortText at a path: `0` and its rank for a common key, `1` and its name for the others; undefined where no
 * ranking applies (the client then sorts by label).
 */
export function commonKeySortText(path: readonly (string | number)[], key: string): string | undefined {
  const place = placeOf(path);
  if (!place) return undefined;
  const rank = COMMON_KEYS[place]?.indexOf(key) ?? -1;
  return rank >= 0 ? `0${String(rank).padStart(2, '0')}` : `1${key}`;
}
