import { hasLabel, indexObjects, type KubeObject, type WorkspaceIndex } from '../kubernetes/objects';

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
function queriesOf(o: KubeObject): string[] {
  const queries = [kindQuery(o.kind)];
  if (!o.podLabels) return queries;
  queries.push(WORKLOADS);
  for (const [key, value] of Object.entries(o.podLabels)) queries.push(labelQuery(key, value));
  return queries;
}

/** How many queries a lazy index answers by a pass over the objects before it builds the whole index. */
const LAZY_QUERIES = 8;

/**
 * `indexObjects(objects)`, answering its first few queries by a pass over the objects each: after an edit a check
 * asks only the few queries of the documents it checks again, and building the whole index costs more than those.
 */
function lazyIndex(objects: readonly KubeObject[]): WorkspaceIndex {
  let whole: WorkspaceIndex | undefined;
  const found = new Map<string, readonly KubeObject[]>();
  const find = (query: string, matches: (o: KubeObject) => boolean, answer: (index: WorkspaceIndex) => readonly KubeObject[]) => {
    let list = whole ? answer(whole) : found.get(query);
    if (list) return list;
    if (found.size >= LAZY_QUERIES) return answer((whole = indexObjects(objects)));
    found.set(query, (list = objects.filter(matches)));
    return list;
  };
  return {
    ofKind: (kind) =>
      find(
        kindQuery(kind),
        (o) => o.kind === kind,
        (index) => index.ofKind(kind),
      ),
    withLabel: (key, value) =>
      find(
        labelQuery(key, value),
        (o) => hasLabel(o, key, value),
        (index) => index.withLabel(key, value),
      ),
    get workloads() {
      return find(
        WORKLOADS,
        (o) => o.podLabels !== undefined,
        (index) => index.workloads,
      );
    },
  };
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

/** What one document's check asked of the index: each query with its answer, and when those were last the answers. */
export interface Asked {
  readonly answers: Map<string, string>;
  /** The last update (`IndexAnswers`) after which every answer here was still the index's. */
  current: number;
}

/**
 * The workspace index as one file's documents see it, with each query's answer as a string that changes exactly when
 * the answer does. Kept from check to check: when the workspace's objects change (`update`), only the answers a changed
 * object can be part of (its kind, its pod labels, the workloads) are made again, and only the documents that asked a
 * query whose answer changed need comparing their answers: a document found current after the update before is
 * current now unless it asked one of those. `answered` counts the answers made, for tests.
 */
export class IndexAnswers {
  private objects: readonly KubeObject[] = [];
  private built: WorkspaceIndex | undefined;
  /** Every query asked since the file was first checked, with its answer over the objects of the last update. */
  private readonly keys = new Map<string, string>();
  /** The queries whose answer the last update changed. */
  private changed: string[] = [];
  private updates = 0;
  answered = 0;

  /** The workspace's objects for this check (the file's own among them). */
  update(objects: readonly KubeObject[]): void {
    const touched = new Set<string>();
    for (const o of changedObjects(this.objects, objects))
      for (const query of queriesOf(o)) if (this.keys.has(query)) touched.add(query);
    this.objects = objects;
    this.built = undefined;
    this.updates++;
    this.changed = [...touched].filter((query) => this.keys.get(query) !== this.make(query));
  }

  /** The index over the objects of the last `update`, made when first asked. */
  get index(): WorkspaceIndex {
    this.built ??= lazyIndex(this.objects);
    return this.built;
  }

  /** Whether every answer `asked` holds is still the answer (then it is noted current after this update). */
  isCurrent(asked: Asked): boolean {
    const unchanged =
      asked.current === this.updates ||
      (asked.current === this.updates - 1 && !this.changed.some((query) => asked.answers.has(query)));
    if (!unchanged) for (const [query, key] of asked.answers) if (this.answer(query) !== key) return false;
    asked.current = this.updates;
    return true;
  }

  /** A new record of what a document's check asks, and the index that fills it in as the rules ask. */
  recording(): { asked: Asked; index: WorkspaceIndex } {
    const asked: Asked = { answers: new Map(), current: this.updates };
    const note = (query: string): WorkspaceIndex => (asked.answers.set(query, this.answer(query)), this.index);
    const index: WorkspaceIndex = {
      ofKind: (kind) => note(kindQuery(kind)).ofKind(kind),
      withLabel: (key, value) => note(labelQuery(key, value)).withLabel(key, value),
      get workloads() {
        return note(WORKLOADS).workloads;
      },
    };
    return { asked, index };
  }

  private answer(query: string): string {
    return this.keys.get(query) ?? this.make(query);
  }

  /** The answer to `query` over the objects of the last update, as a string, kept. */
  private make(query: string): string {
    const [what, a = '', b = ''] = query.split('\0');
    const index = this.index;
    const answer = what === 'kind' ? index.ofKind(a) : what === 'label' ? index.withLabel(a, b) : index.workloads;
    const key = answer.map(objectKey).join('\n');
    this.keys.set(query, key);
    this.answered++;
    return key;
  }
}
