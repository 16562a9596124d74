import { indexObjects, type KubeObject, type WorkspaceIndex } from '../kubernetes/objects';

// Kept per object: a kept document gives the same objects to every check, whose answers are compared by these keys.
const objectKeys = new WeakMap<KubeObject, string>();

/** An object as the cross-object rules read it: where its name is written does not change what they say. */
export function objectKey(o: KubeObject): string {
  let key = objectKeys.get(o);
  if (key === undefined) objectKeys.set(o, (key = JSON.stringify({ ...o, nameRange: undefined })));
  return key;
}

/** `moved` is `original` moved to other lines (`shiftObjects`): the same key, not serialised again. */
export function sameKey(moved: KubeObject, original: KubeObject): void {
  if (moved !== original) objectKeys.set(moved, objectKey(original));
}

// The queries a rule makes of the index, one string each (what `recording` notes and `touched` names).
const kindQuery = (kind: string): string => `kind\0${kind}`;
const labelQuery = (key: string, value: string): string => `label\0${key}\0${value}`;
const WORKLOADS = 'workloads';

/** The queries whose answer may include `o`: those its kind and pod labels match. */
function touched(o: KubeObject): string[] {
  const queries = [kindQuery(o.kind)];
  if (!o.podLabels) return queries;
  queries.push(WORKLOADS);
  for (const [key, value] of Object.entries(o.podLabels)) queries.push(labelQuery(key, value));
  return queries;
}

const same = (a: KubeObject | undefined, b: KubeObject | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && objectKey(a) === objectKey(b));

/**
 * What differs between two lists of objects: the removed and the added, between the longest common start and end.
 * Outside that span the two lists hold the same objects in the same order, so a query that matches none of the
 * returned objects gets the same answer, in the same order, from both.
 */
export function changedObjects(before: readonly KubeObject[], after: readonly KubeObject[]): KubeObject[] {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && same(before[start], after[start])) start++;
  let end = 0;
  while (start + end < shorter && same(before[before.length - 1 - end], after[after.length - 1 - end])) end++;
  return [...before.slice(start, before.length - end), ...after.slice(start, after.length - end)];
}

/**
 * The workspace index as one file's documents see it, with each query's answer as a string that changes exactly when
 * the answer does (`answer`). Kept from check to check: when the workspace's objects change, only the answers a
 * changed object can be part of (its kind, its pod labels, the workloads) are made again; a document whose queries all
 * keep their answer keeps its findings. `answered` counts the answers made, for tests.
 */
export class IndexAnswers {
  private objects: readonly KubeObject[] = [];
  private built: WorkspaceIndex | undefined;
  private readonly keys = new Map<string, string>();
  answered = 0;

  /** The workspace's objects for this check (the file's own among them). */
  update(objects: readonly KubeObject[]): void {
    for (const o of changedObjects(this.objects, objects)) for (const query of touched(o)) this.keys.delete(query);
    this.built = undefined;
    this.objects = objects;
  }

  /** The index over the objects of the last `update`, built when first asked. */
  get index(): WorkspaceIndex {
    this.built ??= indexObjects(this.objects);
    return this.built;
  }

  /** The answer to `query` (as `recording` names it), as a string. */
  answer(query: string): string {
    let key = this.keys.get(query);
    if (key === undefined) {
      const [what, a = '', b = ''] = query.split('\0');
      const index = this.index;
      const answer = what === 'kind' ? index.ofKind(a) : what === 'label' ? index.withLabel(a, b) : index.workloads;
      this.keys.set(query, (key = answer.map(objectKey).join('\n')));
      this.answered++;
    }
    return key;
  }

  /** Whether every answer in `asked` (query → answer, as `recording` noted them) is still the answer. */
  current(asked: ReadonlyMap<string, string>): boolean {
    for (const [query, key] of asked) if (this.answer(query) !== key) return false;
    return true;
  }

  /** The index, telling `ask` each query a rule makes (with its answer). */
  recording(ask: (query: string, answer: string) => void): WorkspaceIndex {
    const note = (query: string): WorkspaceIndex => (ask(query, this.answer(query)), this.index);
    return {
      ofKind: (kind) => note(kindQuery(kind)).ofKind(kind),
      withLabel: (key, value) => note(labelQuery(key, value)).withLabel(key, value),
      get workloads() {
        return note(WORKLOADS).workloads;
      },
    };
  }
}
