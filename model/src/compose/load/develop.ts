import { asRecord } from '../names';
import { resolvePath } from './paths';
import type { DevelopConfig, WatchAction, WatchRule } from './types';

/**
 * `develop:` in long form, as `docker compose watch` reads it: each `watch` rule's `path` made absolute against the
 * file's folder, `ignore` and `include` as lists, `initial_sync` a boolean. A rule without a path or with an action
 * compose does not know is dropped with a problem (the schema check reports it in the editor too).
 */

const ACTIONS: readonly WatchAction[] = ['sync', 'rebuild', 'restart', 'sync+restart', 'sync+exec'];

const strings = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map((v) => String(v));

export function developOf(
  value: unknown,
  dir: string,
  home: string | undefined,
  problem: (message: string) => void,
): DevelopConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const watch: WatchRule[] = [];
  for (const [index, entry] of (Array.isArray(asRecord(value)['watch'])
    ? (asRecord(value)['watch'] as unknown[])
    : []
  ).entries()) {
    const raw = asRecord(entry);
    const action = raw['action'] as WatchAction;
    if (typeof raw['path'] !== 'string' || !ACTIONS.includes(action)) {
      problem(`develop.watch[${index}] needs a path and an action (${ACTIONS.join(', ')})`);
      continue;
    }
    watch.push({
      path: resolvePath(dir, raw['path'], home),
      action,
      ...(typeof raw['target'] === 'string' ? { target: raw['target'] } : {}),
      ignore: strings(raw['ignore']),
      ...(raw['include'] !== undefined ? { include: strings(raw['include']) } : {}),
      initial_sync: raw['initial_sync'] === true,
      ...(raw['exec'] !== undefined ? { exec: raw['exec'] } : {}),
    });
  }
  return { watch };
}
