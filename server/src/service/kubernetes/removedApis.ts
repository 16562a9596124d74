/**
 * API versions that Kubernetes deprecated and removed, from the project's deprecation guide: for each
 * `apiVersion/Kind`, the minor release that deprecated it, the one that stopped serving it, and what replaces it.
 */
export interface ApiLifecycle {
  readonly deprecated: number;
  readonly removed: number;
  /** The apiVersion to use instead; undefined when the API is gone with no successor. */
  readonly replacement?: string;
  readonly note?: string;
}

const entries: readonly [string, string[], number, number, string | undefined, string?][] = [
  ['extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], 9, 16, 'apps/v1'],
  ['extensions/v1beta1', ['NetworkPolicy'], 9, 16, 'networking.k8s.io/v1'],
  ['extensions/v1beta1', ['PodSecurityPolicy'], 10, 16, undefined, 'Pod Security Admission replaces PodSecurityPolicy'],
  ['extensions/v1beta1', ['Ingress'], 14, 22, 'networking.k8s.io/v1'],
  ['apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'ControllerRevision'], 9, 16, 'apps/v1'],
  ['apps/v1beta2', ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'ControllerRevision'], 9, 16, 'apps/v1'],
  ['networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], 19, 22, 'networking.k8s.io/v1'],
  [
    'rbac.authorization.k8s.io/v1beta1',
    ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
    17,
    22,
    'rbac.authorization.k8s.io/v1',
  ],
  [
    'rbac.authorization.k8s.io/v1alpha1',
    ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
    17,
    22,
    'rbac.authorization.k8s.io/v1',
  ],
  ['apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 16, 22, 'apiextensions.k8s.io/v1'],
  ['apiregistration.k8s.io/v1beta1', ['APIService'], 19, 22, 'apiregistration.k8s.io/v1'],
  [
    'admissionregistration.k8s.io/v1beta1',
    ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    16,
    22,
    'admissionregistration.k8s.io/v1',
  ],
  ['authentication.k8s.io/v1beta1', ['TokenReview'], 19, 22, 'authentication.k8s.io/v1'],
  [
    'authorization.k8s.io/v1beta1',
    ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'],
    19,
    22,
    'authorization.k8s.io/v1',
  ],
  ['certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 19, 22, 'certificates.k8s.io/v1'],
  ['coordination.k8s.io/v1beta1', ['Lease'], 19, 22, 'coordination.k8s.io/v1'],
  ['scheduling.k8s.io/v1beta1', ['PriorityClass'], 14, 22, 'scheduling.k8s.io/v1'],
  ['storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 19, 22, 'storage.k8s.io/v1'],
  ['batch/v1beta1', ['CronJob'], 21, 25, 'batch/v1'],
  ['discovery.k8s.io/v1beta1', ['EndpointSlice'], 21, 25, 'discovery.k8s.io/v1'],
  ['events.k8s.io/v1beta1', ['Event'], 19, 25, 'events.k8s.io/v1'],
  ['autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 22, 25, 'autoscaling/v2'],
  ['policy/v1beta1', ['PodDisruptionBudget'], 21, 25, 'policy/v1'],
  ['policy/v1beta1', ['PodSecurityPolicy'], 21, 25, undefined, 'Pod Security Admission replaces PodSecurityPolicy'],
  ['node.k8s.io/v1beta1', ['RuntimeClass'], 20, 25, 'node.k8s.io/v1'],
  ['autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 23, 26, 'autoscaling/v2'],
  [
    'flowcontrol.apiserver.k8s.io/v1beta1',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    23,
    26,
    'flowcontrol.apiserver.k8s.io/v1',
  ],
  ['storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 24, 27, 'storage.k8s.io/v1'],
  [
    'flowcontrol.apiserver.k8s.io/v1beta2',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    26,
    29,
    'flowcontrol.apiserver.k8s.io/v1',
  ],
  [
    'flowcontrol.apiserver.k8s.io/v1beta3',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    29,
    32,
    'flowcontrol.apiserver.k8s.io/v1',
  ],
];

export const API_LIFECYCLES: ReadonlyMap<string, ApiLifecycle> = new Map(
  entries.flatMap(([apiVersion, kinds, deprecated, removed, replacement, note]) =>
    kinds.map((kind): [string, ApiLifecycle] => [
      `${apiVersion}/${kind}`,
      { deprecated, removed, ...(replacement ? { replacement } : {}), ...(note ? { note } : {}) },
    ]),
  ),
);

/**
 * Kinds outside the Kubernetes API that are known to be valid, though no schema ships for them (OpenShift's kinds
 * have theirs: schemas/openshift/).
 */
export const KNOWN_WITHOUT_SCHEMA: ReadonlySet<string> = new Set([
  'kustomize.config.k8s.io/v1beta1/Kustomization',
  'kustomize.config.k8s.io/v1alpha1/Component',
]);
