import { composeValidator, stackValidator, DEFAULT_STACK_VERSION } from './compose/schemas';
import { kindValidator, type KubernetesSchemaBundle } from './kubernetes/schemas';

/** The kinds most manifests are made of: compiled ahead so that opening the first file does not wait for them. */
const COMMON_KINDS = [
  'apps/v1/Deployment',
  'v1/Service',
  'v1/ConfigMap',
  'v1/Secret',
  'networking.k8s.io/v1/Ingress',
  'apps/v1/StatefulSet',
  'v1/Pod',
];

/**
 * Steps that prepare validators (schema compilation costs tens of milliseconds each). The caller runs them one at a
 * time when idle, so a request that arrives meanwhile waits for one step at most.
 */
export function warmUpSteps(bundle: KubernetesSchemaBundle | undefined): (() => void)[] {
  return [
    () => void composeValidator(),
    () => void stackValidator(DEFAULT_STACK_VERSION),
    ...COMMON_KINDS.map((gvk) => () => {
      const definition = bundle?.kinds[gvk];
      if (bundle && definition) kindValidator(bundle, definition);
    }),
  ];
}
