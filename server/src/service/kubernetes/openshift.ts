import type { KubernetesSchemaBundle } from './schemas';

/** OpenShift's bundle (schemas/openshift/generate.mjs): its kinds and the definitions they reach. */
export interface OpenShiftSchemaBundle {
  readonly source: string;
  readonly kinds: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, unknown>>;
}

/**
 * A Kubernetes release's bundle with OpenShift's kinds laid over it, so that a Route or a DeploymentConfig is checked,
 * completed and hovered as a Deployment is. Where both define a type (`io.k8s.api.core.v1.PodTemplateSpec`), the
 * release's own definition wins: the embedded pod template is held to the Kubernetes version the user targets.
 * schemas/compile.mjs builds the generated validators from the same merge.
 */
export function withOpenShift(
  bundle: KubernetesSchemaBundle,
  openshift: OpenShiftSchemaBundle | undefined,
): KubernetesSchemaBundle {
  if (!openshift) return bundle;
  return {
    ...bundle,
    kinds: { ...openshift.kinds, ...bundle.kinds },
    definitions: { ...openshift.definitions, ...bundle.definitions },
  };
}
