import { pointerOf } from '../composeModel';

/**
 * Compose's merge rules for a later file (or an `extends` child) over an earlier one, on normalised values:
 * mappings merge key by key; `command`, `entrypoint` and `healthcheck.test` are replaced; `volumes` merge by target,
 * `secrets`/`configs` by source, `ports` by address; other sequences are appended without duplicates; scalars are
 * replaced. `!override` on a node replaces instead of merging, `!reset` removes the key.
 */

export type MergeTag = 'override' | 'reset';
/** The merge tag written on the override side at a JSON pointer. */
export type TagLookup = (pointer: string) => MergeTag | undefined;

const REPLACED = new Set(['command', 'entrypoint', 'test']);
const KEYED: Record<string, (item: unknown) => string> = {
  volumes: (item) => String(asObject(item)['target']),
  secrets: (item) => String(asObject(item)['source']),
  configs: (item) => String(asObject(item)['source']),
  ports: (item) => {
    const port = asObject(item);
    return [port['host_ip'], port['published'], port['target'], port['protocol']].map(String).join('|');
  },
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const asObject = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});

function mergeSequence(key: string, base: unknown[], over: unknown[]): unknown[] {
  const keyOf = KEYED[key];
  if (keyOf) {
    const byKey = new Map(base.map((item) => [keyOf(item), item]));
    for (const item of over) byKey.set(keyOf(item), item);
    return [...byKey.values()];
  }
  const seen = new Set(base.map((item) => JSON.stringify(item)));
  return [...base, ...over.filter((item) => !seen.has(JSON.stringify(item)))];
}

export function mergeValues(base: unknown, over: unknown, pointer: string, tagOf: TagLookup, key = ''): unknown {
  if (tagOf(pointer) === 'override') return over;
  if (isObject(base) && isObject(over)) {
    const out: Record<string, unknown> = { ...base };
    // A `!reset` entry is not in the override's value at all (the model drops it); its pointer is still tagged.
    for (const name of Object.keys(base)) if (tagOf(pointerOf(pointer, name)) === 'reset') delete out[name];
    for (const [name, value] of Object.entries(over)) {
      const child = pointerOf(pointer, name);
      out[name] = name in base ? mergeValues(base[name], value, child, tagOf, name) : value;
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over) && !REPLACED.has(key)) return mergeSequence(key, base, over);
  return over;
}
