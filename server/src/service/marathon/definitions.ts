import { pointerOf } from '../compose/model';
import { canonicalPath, parsePathId } from './pathId';
import { definitionOf } from './schema';

/** One app, pod or group of a Marathon file, where it is, and the group it is written in. */
export interface MarathonDefinition {
  readonly kind: 'app' | 'pod' | 'group';
  /** JSON pointer of the definition in the file (`''` for the top level, `/groups/0/apps/1`). */
  readonly pointer: string;
  readonly value: Readonly<Record<string, unknown>>;
  /** The absolute path of the group it is written in (its id resolves against it); undefined at the top level. */
  readonly group?: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function walkGroup(value: Record<string, unknown>, pointer: string, out: MarathonDefinition[], group?: readonly string[]): void {
  out.push({ kind: 'group', pointer, value, ...(group ? { group } : {}) });
  const id = typeof value['id'] === 'string' ? canonicalPath(parsePathId(value['id']), group) : (group ?? []);
  for (const key of ['apps', 'groups'] as const) {
    const items = value[key];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      if (!isObject(item)) return;
      const at = pointerOf(pointerOf(pointer, key), i);
      if (key === 'groups') walkGroup(item, at, out, id);
      else out.push({ kind: 'app', pointer: at, value: item, group: id });
    });
  }
}

/** Every app, pod and group of a file's top-level value, groups before what they hold (see `definitionOf`). */
export function definitionsIn(value: unknown): MarathonDefinition[] {
  const out: MarathonDefinition[] = [];
  const { name, list } = definitionOf(value);
  if (list) {
    (value as unknown[]).forEach((item, i) => {
      if (isObject(item)) out.push({ kind: 'app', pointer: `/${i}`, value: item });
    });
  } else if (isObject(value)) {
    if (name === 'GroupDefinition') walkGroup(value, '', out);
    else out.push({ kind: name === 'PodDefinition' ? 'pod' : 'app', pointer: '', value });
  }
  return out;
}
