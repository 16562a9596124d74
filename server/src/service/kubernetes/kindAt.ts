import type { ValidationContext } from '../context';
import { gvkAround } from '../cursor';
import type { SourceFile } from '../sourceFile';
import { DEFAULT_KUBERNETES_VERSION, type KubernetesSchemaBundle } from './schemas';

/** What hover and completion need to know about the Kubernetes document around a line. */
export interface KindAt {
  readonly bundle: KubernetesSchemaBundle;
  readonly apiVersion?: string;
  readonly kind?: string;
  /** The schema of the document's kind, as a root that resolves `#/definitions/…`; absent for an unknown kind. */
  readonly root?: Record<string, unknown>;
}

/** The target release's schemas (with their descriptions when the caller provides them) and the document's kind. */
export function kindAt(file: SourceFile, line: number, context: ValidationContext | undefined): KindAt | undefined {
  const kubernetes = context?.kubernetes;
  const bundle = (kubernetes?.documentedSchemas ?? kubernetes?.schemas)?.(kubernetes?.version ?? DEFAULT_KUBERNETES_VERSION);
  if (!bundle) return undefined;
  const { apiVersion, kind } = gvkAround(file.lines, line);
  const definition = apiVersion && kind ? bundle.kinds[`${apiVersion}/${kind}`] : undefined;
  return {
    bundle,
    ...(apiVersion ? { apiVersion } : {}),
    ...(kind ? { kind } : {}),
    ...(definition ? { root: { definitions: bundle.definitions, $ref: `#/definitions/${definition}` } } : {}),
  };
}
