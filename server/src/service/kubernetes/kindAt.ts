import type { ValidationContext } from '../context';
import { gvkAround } from '../cursor';
import type { SourceFile } from '../sourceFile';
import { groupifiedApiVersion } from './openshift';
import { DEFAULT_KUBERNETES_VERSION, type KubernetesSchemaBundle } from './schemas';

/** What hover and completion need to know about the Kubernetes object around a line. */
export interface KindAt {
  readonly bundle: KubernetesSchemaBundle;
  readonly apiVersion?: string;
  readonly kind?: string;
  /** The schema of the object's kind, as a root that resolves `#/definitions/…`; absent for an unknown kind. */
  readonly root?: Record<string, unknown>;
  /**
   * How many steps of the cursor's path lead to the object: 0 for the document itself, 2 inside an entry of a
   * Template's `objects` or a List's `items` (`objects`, the index), which `root` describes on its own.
   */
  readonly depth: number;
}

/** Kinds whose entries are whole objects of their own kinds: a Template's `objects`, a List's `items`. */
const HOLDERS: Readonly<Record<string, string>> = { Template: 'objects', List: 'items' };

/** The apiVersion and kind of entry `index` of `field` in the document around `line`, as parsed. */
function entryKind(file: SourceFile, line: number, field: string, index: number): { apiVersion?: string; kind?: string } {
  // The last document that starts at or before the line (a blank line being typed may lie past a document's range).
  const document = [...file.yaml.documents].reverse().find((d) => file.yaml.positionAt(d.range[0]).line <= line);
  const read = (key: string): string | undefined => {
    const value: unknown = document?.getIn([field, index, key]);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const apiVersion = read('apiVersion');
  const kind = read('kind');
  return { ...(apiVersion ? { apiVersion } : {}), ...(kind ? { kind } : {}) };
}

/**
 * The target release's schemas (with their descriptions when the caller provides them) and the kind of the object
 * around a line: the document's, or, when `path` (the cursor's) goes into a Template's `objects` or a List's `items`,
 * that entry's. OpenShift 3's non-groupified `v1` for an OpenShift kind reads as the kind's group.
 */
export function kindAt(
  file: SourceFile,
  line: number,
  context: ValidationContext | undefined,
  path: readonly (string | number)[] = [],
): KindAt | undefined {
  const kubernetes = context?.kubernetes;
  const bundle = (kubernetes?.documentedSchemas ?? kubernetes?.schemas)?.(kubernetes?.version ?? DEFAULT_KUBERNETES_VERSION);
  if (!bundle) return undefined;
  const outer = gvkAround(file.lines, line);
  const field = outer.kind ? HOLDERS[outer.kind] : undefined;
  const inner = field !== undefined && path[0] === field && typeof path[1] === 'number';
  const { apiVersion: written, kind } = inner ? entryKind(file, line, field, path[1] as number) : outer;
  const apiVersion = written && kind ? (groupifiedApiVersion(bundle, written, kind) ?? written) : written;
  const definition = apiVersion && kind ? bundle.kinds[`${apiVersion}/${kind}`] : undefined;
  return {
    bundle,
    depth: inner ? 2 : 0,
    ...(apiVersion ? { apiVersion } : {}),
    ...(kind ? { kind } : {}),
    ...(definition ? { root: { definitions: bundle.definitions, $ref: `#/definitions/${definition}` } } : {}),
  };
}
