import { schemasAt } from '../schemaNav';
import type { KubernetesSchemaSource } from './schemas';

/** Releases probed for bundles; those the source has no own bundle for are skipped. */
const MINORS = Array.from({ length: 40 }, (_, i) => `1.${i + 10}`);

/** The releases the source has its own bundle for, oldest first. */
function releases(source: KubernetesSchemaSource): string[] {
  return MINORS.filter((version) => source(version)?.version === version);
}

const minor = (version: string): number => Number(version.split('.')[1] ?? NaN);

/** Whether release `version` knows the field at `path` (its last step) of `apiVersion/kind`. */
function hasField(source: KubernetesSchemaSource, version: string, gvk: string, path: readonly (string | number)[]): boolean {
  const bundle = source(version);
  const definition = bundle?.kinds[gvk];
  if (!bundle || !definition) return false;
  const root = { definitions: bundle.definitions, $ref: `#/definitions/${definition}` };
  const last = path[path.length - 1];
  if (typeof last !== 'string') return true;
  return schemasAt(root, path.slice(0, -1)).some((schema) => {
    const properties = schema['properties'];
    return typeof properties === 'object' && properties !== null && last in properties;
  });
}

/**
 * When a Kubernetes field appeared and disappeared, across the releases there are bundles for: "since 1.33" when
 * the older bundles lack it, "removed in 1.36" when newer ones do; nothing when every release has it. The oldest
 * bundle is where knowledge starts, so a field in it is not said to be introduced there.
 */
export function fieldHistory(
  source: KubernetesSchemaSource,
  apiVersion: string,
  kind: string,
  path: readonly (string | number)[],
): string | undefined {
  const known = releases(source);
  const gvk = `${apiVersion}/${kind}`;
  const present = known.filter((version) => hasField(source, version, gvk, path));
  const first = present[0];
  const last = present[present.length - 1];
  if (!first || !last) return undefined;
  const notes: string[] = [];
  if (first !== known[0]) notes.push(`since Kubernetes ${first} (not in ${known.slice(0, known.indexOf(first)).join(', ')})`);
  const after = known.filter((version) => minor(version) > minor(last));
  if (after.length > 0) notes.push(`removed in Kubernetes ${after[0] ?? ''}`);
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/** The sentence of an API description that says the field is deprecated, if one does. */
export function deprecationOf(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const sentences = description.split(/(?<=\.)\s+/);
  return sentences.find((s) => /^Deprecated\b/i.test(s)) ?? sentences.find((s) => /\bdeprecated\b/i.test(s));
}
