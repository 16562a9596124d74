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

/**
 * OpenShift 3 served its own kinds without a group, as `apiVersion: v1` (`/oapi/v1`); OpenShift 4 serves them only in
 * their groups (`template.openshift.io/v1`…). `oc` still rewrites a `v1` Template, Route or DeploymentConfig to its group
 * with a deprecation warning, while kubectl and other clients get "no matches for kind". The group a non-groupified
 * kind moved to, from the bundle's own OpenShift kinds; nothing for a core v1 kind or one no OpenShift group has.
 */
export function groupifiedApiVersion(bundle: KubernetesSchemaBundle, apiVersion: string, kind: string): string | undefined {
  if (apiVersion !== 'v1' || bundle.kinds[`v1/${kind}`]) return undefined;
  const groups = Object.keys(bundle.kinds)
    .filter((gvk) => gvk.endsWith(`/${kind}`))
    .map((gvk) => gvk.slice(0, -kind.length - 1))
    .filter((version) => /^[a-z.]+\.openshift\.io\/v1$/.test(version));
  return groups.length === 1 ? groups[0] : undefined;
}
