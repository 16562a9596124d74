import type { Severity } from '../types';

/**
 * The rule registry: every code the service reports, with its family, default severity, one-line doc and the kinds
 * of quick fix it offers. `Diagnostic.code` is a `RuleCode`, so a code that is not registered here does not compile.
 * The `stevedore.rules` setting's schema in package.json, docs/rules.md and `stevedore check --list-rules` are made
 * from this table (`npm run rules`); a unit test fails when they are out of date, and another when a code changes.
 */

/** Which files a rule looks at. Kubernetes codes keep their historical `k8s/` prefix. */
export type RuleFamily = 'yaml' | 'compose' | 'stack' | 'kubernetes' | 'openshift' | 'kustomize' | 'marathon' | 'stevedore';

/** The kinds of quick fix a rule may put on its diagnostics (`Fix.kind`). */
export type FixKind =
  | 'did-you-mean'
  | 'quote-value'
  | 'define-top-level'
  | 'use-successor-api'
  | 'move-under-deploy'
  | 'run-as-non-root'
  | 'pin-tag'
  | 'allowed-value';

/** What `stevedore.rules` may set a code to. */
export const SEVERITY_SETTINGS = ['error', 'warning', 'information', 'hint', 'off'] as const;

export interface RuleInfo {
  readonly code: string;
  readonly family: RuleFamily;
  /** What the rule reports unless `stevedore.rules` says otherwise (a few rules lower it in a case their doc names). */
  readonly severity: Severity;
  readonly doc: string;
  readonly fixes: readonly FixKind[];
  /**
   * A best-practice or security finding (kube-linter, Polaris, dclint territory): information by default, never
   * higher unless the user asks (`stevedore.rules`, or `stevedore check --strict`, which makes them errors).
   */
  readonly practice?: boolean;
}

const rule = <const C extends string, const F extends readonly FixKind[] = []>(
  code: C,
  family: RuleFamily,
  severity: Severity,
  doc: string,
  fixes?: F,
): { readonly code: C; readonly family: RuleFamily; readonly severity: Severity; readonly doc: string; readonly fixes: F } => ({
  code,
  family,
  severity,
  doc,
  fixes: fixes ?? ([] as unknown as F),
});

/** A best-practice finding: information unless the user raises it. */
const practice = <const C extends string, const F extends readonly FixKind[] = []>(
  code: C,
  family: RuleFamily,
  doc: string,
  fixes?: F,
) => ({ ...rule(code, family, 'information', `${doc.replace(/\.$/, '')} (best practice).`, fixes), practice: true as const });

/** The table, in the order the docs list it: by family, then as the rules run. */
export const RULES = {
  yamlSyntax: rule(
    'yaml/syntax',
    'yaml',
    'error',
    'The YAML parser cannot read the text as written (a warning where the parser only warns).',
  ),
  yamlDuplicateKey: rule(
    'yaml/duplicate-key',
    'yaml',
    'error',
    'A key is written twice in one mapping; tools keep one of the values silently.',
  ),
  yamlTabIndent: rule('yaml/tab-indent', 'yaml', 'error', 'A tab is used for indentation, which YAML forbids.'),
  yamlBadAlias: rule('yaml/bad-alias', 'yaml', 'error', 'An alias names no anchor defined before it in the same document.'),
  yamlUnknownTag: rule(
    'yaml/unknown-tag',
    'yaml',
    'warning',
    'A tag the parser does not know (`!foo`); the value is read as if it had none.',
  ),
  yamlBadAnchor: rule('yaml/bad-anchor', 'yaml', 'error', 'A node carries more than one anchor.'),
  yamlRetypedValue: rule(
    'yaml/retyped-value',
    'yaml',
    'warning',
    'A plain `yes`/`no`/`on`/`off` or `1:30` where a string is expected: YAML 1.1 parsers (kubectl) retype it (information in Compose files).',
    ['quote-value'],
  ),
  largeFile: rule('stevedore/large-file', 'stevedore', 'information', 'The file is over 2 MB: only its YAML was checked.'),
  unusedIgnore: rule(
    'stevedore/unused-ignore',
    'stevedore',
    'hint',
    'A `# stevedore-ignore` comment (or one code of it) that suppresses no finding, or names no rule.',
  ),
  composeUnknownKey: rule(
    'compose/unknown-key',
    'compose',
    'error',
    'A key the Compose (or stack) schema does not define at that place.',
    ['did-you-mean'],
  ),
  composeMissingKey: rule('compose/missing-key', 'compose', 'error', 'A key the schema requires at that place is missing.'),
  composeInvalidType: rule(
    'compose/invalid-type',
    'compose',
    'error',
    'A value of the wrong type (a list where a string goes, a number for a name).',
    ['quote-value'],
  ),
  composeInvalidValue: rule(
    'compose/invalid-value',
    'compose',
    'error',
    'A value outside what the schema allows (pattern, enumeration, format).',
    ['allowed-value'],
  ),
  composeTooLarge: rule(
    'compose/too-large',
    'compose',
    'information',
    'The file expands to too many nodes (an alias bomb?): only its YAML was checked.',
  ),
  composeLegacyV1Format: rule(
    'compose/legacy-v1-format',
    'compose',
    'warning',
    'Compose file format v1 (services at the top level), which docker compose v2 no longer reads.',
  ),
  composeInterpolationSyntax: rule('compose/interpolation-syntax', 'compose', 'error', 'A malformed `${...}` interpolation.'),
  composeUnsetVariable: rule(
    'compose/unset-variable',
    'compose',
    'warning',
    'A variable with no value and no default: compose substitutes an empty string.',
  ),
  composeRequiredVariable: rule(
    'compose/required-variable',
    'compose',
    'warning',
    'A `${VAR:?message}` variable that is unset: compose refuses the file.',
  ),
  composeUndefinedReference: rule(
    'compose/undefined-reference',
    'compose',
    'error',
    'A service, network, volume, secret or config that no file of the project defines (a warning in a file of a bigger project whose other files are not all known).',
    ['did-you-mean', 'define-top-level'],
  ),
  composeDependsOnCycle: rule(
    'compose/depends-on-cycle',
    'compose',
    'error',
    'Services that depend on each other in a cycle: compose cannot order them.',
  ),
  composeHealthcheckMissing: rule(
    'compose/healthcheck-missing',
    'compose',
    'warning',
    '`condition: service_healthy` on a service that has no healthcheck.',
  ),
  composeInvalidPort: rule('compose/invalid-port', 'compose', 'error', 'A port mapping that does not parse or is out of range.'),
  composeDuplicateHostPort: rule('compose/duplicate-host-port', 'compose', 'warning', 'The same host port is published twice.'),
  composeContainerNameReplicas: rule(
    'compose/container-name-replicas',
    'compose',
    'warning',
    'A fixed `container_name` on a service with more than one replica.',
  ),
  composeUnused: rule('compose/unused', 'compose', 'hint', 'A top-level network or volume that no service uses.'),
  composeMissingFile: rule(
    'compose/missing-file',
    'compose',
    'warning',
    'A file the project names (env file, build context, secret, config, include, extends) does not exist.',
  ),
  composePrivileged: practice('compose/privileged', 'compose', 'A privileged service: it has every capability of the host.'),
  composeDockerSocket: practice(
    'compose/docker-socket',
    'compose',
    'The Docker socket mounted into a service: root on the host.',
  ),
  composeHostNamespace: practice(
    'compose/host-namespace',
    'compose',
    "`network_mode: host` or `pid: host`: the service shares the host's namespace.",
  ),
  composeLatestTag: practice(
    'compose/latest-tag',
    'compose',
    'An image without a tag or digest, or tagged `latest` (a service that builds its image is not judged).',
    ['pin-tag'],
  ),
  composeExposedDatabase: practice(
    'compose/exposed-database',
    'compose',
    "A database's port published on all of the host's interfaces (no host IP such as 127.0.0.1).",
  ),
  composeLiteralSecret: practice(
    'compose/literal-secret',
    'compose',
    'A password, token or key written as a literal `environment` value where a secret or `${VAR}` belongs.',
  ),
  composeNoRestart: practice(
    'compose/no-restart',
    'compose',
    'A Compose service with no `restart` policy (one that another service waits to complete is a one-shot and not judged).',
  ),
  stackUnsupportedVersion: rule(
    'stack/unsupported-version',
    'stack',
    'error',
    'A `version` that `docker stack deploy` does not support.',
  ),
  stackIgnoredKey: rule(
    'stack/ignored-key',
    'stack',
    'warning',
    'A service key `docker stack deploy` ignores (build, restart, links...).',
    ['move-under-deploy'],
  ),
  stackDeprecatedKey: rule(
    'stack/deprecated-key',
    'stack',
    'hint',
    'A service key that is deprecated for stacks and has no effect in swarm.',
  ),
  stackForbiddenKey: rule(
    'stack/forbidden-key',
    'stack',
    'error',
    'A service key `docker stack deploy` refuses (extends, volumes_from, mem_limit...).',
    ['move-under-deploy'],
  ),
  stackMissingImage: rule('stack/missing-image', 'stack', 'error', 'A service without an image: swarm cannot build.'),
  stackDependsOnIgnored: rule(
    'stack/depends-on-ignored',
    'stack',
    'hint',
    '`depends_on` is ignored by swarm: services start in no particular order.',
  ),
  k8sMissingApiVersion: rule('k8s/missing-apiversion', 'kubernetes', 'error', 'An object without an `apiVersion`.'),
  k8sMissingKind: rule('k8s/missing-kind', 'kubernetes', 'error', 'An object without a `kind`.'),
  k8sRemovedApi: rule(
    'k8s/removed-api',
    'kubernetes',
    'error',
    'An apiVersion/kind the target Kubernetes release no longer serves.',
    ['use-successor-api'],
  ),
  k8sDeprecatedApi: rule(
    'k8s/deprecated-api',
    'kubernetes',
    'warning',
    'An apiVersion/kind deprecated in the target release and removed in a later one.',
    ['use-successor-api'],
  ),
  k8sUnknownKind: rule(
    'k8s/unknown-kind',
    'kubernetes',
    'error',
    'A built-in API group that has no such kind, or a group version the release does not serve.',
  ),
  k8sNoSchema: rule(
    'k8s/no-schema',
    'kubernetes',
    'information',
    'A custom resource whose CustomResourceDefinition is not in the workspace: only its YAML is checked.',
  ),
  k8sUnknownField: rule('k8s/unknown-field', 'kubernetes', 'error', 'A field the object schema does not define.', [
    'did-you-mean',
  ]),
  k8sMissingField: rule(
    'k8s/missing-field',
    'kubernetes',
    'error',
    'A field the object schema requires is missing (not reported in kustomize patches).',
  ),
  k8sInvalidType: rule('k8s/invalid-type', 'kubernetes', 'error', 'A value of the wrong type for its field.', ['quote-value']),
  k8sInvalidValue: rule(
    'k8s/invalid-value',
    'kubernetes',
    'error',
    'A value outside what the field allows (pattern, enumeration, format).',
    ['allowed-value'],
  ),
  k8sSelectorMismatch: rule(
    'k8s/selector-mismatch',
    'kubernetes',
    'error',
    "A workload's selector does not match its own pod template's labels.",
  ),
  k8sServiceSelectsNothing: rule(
    'k8s/service-selects-nothing',
    'kubernetes',
    'warning',
    'A Service selector that matches no pod template in the workspace (a hint when the workspace has no workloads).',
  ),
  k8sUnknownTargetPort: rule(
    'k8s/unknown-target-port',
    'kubernetes',
    'warning',
    'A named targetPort that no selected container declares.',
  ),
  k8sUndefinedReference: rule(
    'k8s/undefined-reference',
    'kubernetes',
    'warning',
    'A ConfigMap, Secret, ServiceAccount, claim or Service named but defined nowhere in the workspace (a hint when the workspace has none of that kind).',
  ),
  k8sInvalidName: rule(
    'k8s/invalid-name',
    'kubernetes',
    'error',
    "A name the API server refuses: the object's (DNS subdomain, DNS label or path segment, as its kind requires), its namespace's, or a container's, volume's or port's.",
  ),
  k8sDuplicateName: rule(
    'k8s/duplicate-name',
    'kubernetes',
    'error',
    'Two containers, two volumes or two ports of one container with one name.',
  ),
  k8sInvalidLabel: rule(
    'k8s/invalid-label',
    'kubernetes',
    'error',
    'A label key or value, or an annotation key, the API server refuses, or annotations over 256 KiB in all.',
  ),
  k8sInvalidPort: rule(
    'k8s/invalid-port',
    'kubernetes',
    'error',
    'A port out of 1-65535, a target port that is neither a number nor a port name, an unnamed port of a multi-port Service, or a nodePort where the type allows none.',
  ),
  k8sDuplicatePort: rule(
    'k8s/duplicate-port',
    'kubernetes',
    'error',
    'A Service port, port name or nodePort used twice, or a host port used twice in one pod.',
  ),
  k8sNodePortRange: rule(
    'k8s/node-port-range',
    'kubernetes',
    'warning',
    'A nodePort outside the default range 30000-32767 (a cluster can change the range, so only a warning).',
  ),
  k8sInvalidResources: rule(
    'k8s/invalid-resources',
    'kubernetes',
    'error',
    'A resource request above its limit, a negative quantity, an unknown resource name, or an extended resource that is not a whole number equal to its limit.',
  ),
  k8sUndefinedVolume: rule(
    'k8s/undefined-volume',
    'kubernetes',
    'error',
    'A volumeMount or volumeDevice that names no volume of the pod, or a mount path used twice in one container.',
  ),
  k8sInvalidEnv: rule(
    'k8s/invalid-env',
    'kubernetes',
    'error',
    'An env var name or envFrom prefix the API server refuses, a `valueFrom` beside a `value`, or an envFrom or valueFrom with no or several sources.',
  ),
  k8sInvalidProbe: rule(
    'k8s/invalid-probe',
    'kubernetes',
    'error',
    'A probe without exactly one handler, with a negative count, or a liveness or startup probe whose successThreshold is not 1.',
  ),
  k8sRestartPolicy: rule(
    'k8s/restart-policy',
    'kubernetes',
    'error',
    "A pod template's restartPolicy its workload refuses: Always for Deployments, StatefulSets, DaemonSets and ReplicaSets; OnFailure or Never for Jobs and CronJobs.",
  ),
  k8sNegativeCount: rule(
    'k8s/negative-count',
    'kubernetes',
    'error',
    "Replicas or another count below 0, or a Deployment's progress deadline or rolling update bounds the API server refuses.",
  ),
  k8sRequiredField: rule(
    'k8s/required-field',
    'kubernetes',
    'error',
    "A field the API server requires though the schema does not: a container's image, a Service's ports, a claim's storage request and access modes, an absolute Ingress path.",
  ),
  k8sInvalidSchedule: rule(
    'k8s/invalid-schedule',
    'kubernetes',
    'error',
    "A CronJob schedule the controller's parser refuses (five fields or a macro, values in range), or a TZ in it.",
  ),
  k8sInvalidTimeZone: rule(
    'k8s/invalid-time-zone',
    'kubernetes',
    'error',
    'A CronJob timeZone that is not a name of the IANA time zone database.',
  ),
  k8sInvalidSelector: rule(
    'k8s/invalid-selector',
    'kubernetes',
    'error',
    'A selector operator the API does not know, values where its operator forbids them or none where it needs them, or keys and values that are not labels.',
  ),
  k8sPrivileged: practice('k8s/privileged', 'kubernetes', 'A privileged container: it has every capability of the node.'),
  k8sHostNamespace: practice('k8s/host-namespace', 'kubernetes', "A pod in the node's network, PID or IPC namespace."),
  k8sHostPath: practice('k8s/host-path', 'kubernetes', "A hostPath volume: the pod reads or writes the node's files."),
  k8sDockerSocket: practice(
    'k8s/docker-socket',
    'kubernetes',
    "The container runtime's socket mounted into a pod: root on the node.",
  ),
  k8sRunAsRoot: practice(
    'k8s/run-as-root',
    'kubernetes',
    'A container that may run as root: neither it nor its pod sets `runAsNonRoot: true` or a non-zero `runAsUser`.',
    ['run-as-non-root'],
  ),
  k8sWritableRootFs: practice(
    'k8s/writable-root-fs',
    'kubernetes',
    'A container whose root filesystem is writable (no `readOnlyRootFilesystem: true`).',
  ),
  k8sNoResources: practice('k8s/no-resources', 'kubernetes', 'A container with no resource requests or no limits.'),
  k8sLatestTag: practice(
    'k8s/latest-tag',
    'kubernetes',
    'An image without a tag or digest, or tagged `latest`: what runs changes under you.',
  ),
  k8sNoProbes: practice('k8s/no-probes', 'kubernetes', "A Deployment's container without a readiness or a liveness probe."),
  k8sSecretInEnv: practice(
    'k8s/secret-in-env',
    'kubernetes',
    'A password, token or key written as a plain `env` value instead of a Secret reference.',
  ),
  openshiftNonGroupifiedApi: rule(
    'openshift/non-groupified-api',
    'openshift',
    'warning',
    "An OpenShift kind under OpenShift 3's `apiVersion: v1` (Template, DeploymentConfig, Route, ImageStream, BuildConfig…): OpenShift 4 serves it only in its group; `oc` converts it with a deprecation warning, other clients fail. The object is checked as its group's kind.",
    ['use-successor-api'],
  ),
  openshiftRouteHost: rule(
    'openshift/route-host',
    'openshift',
    'error',
    "A Route's host that is not a DNS-1123 subdomain (labels of at most 63 characters; `*` only as the whole first label, with `wildcardPolicy: Subdomain`), or a wildcardPolicy other than None or Subdomain.",
  ),
  openshiftRouteTls: rule(
    'openshift/route-tls',
    'openshift',
    'error',
    "A Route's TLS `termination` other than edge, passthrough or reencrypt, or an `insecureEdgeTerminationPolicy` other than None, Allow or Redirect (Allow not with passthrough).",
  ),
  openshiftRouteTargetKind: rule(
    'openshift/route-target-kind',
    'openshift',
    'error',
    'A Route backend (`to` or an `alternateBackends` entry) whose kind is not Service.',
  ),
  openshiftRouteWeight: rule('openshift/route-weight', 'openshift', 'error', "A Route backend's weight outside 0–256."),
  openshiftTemplateParameterName: rule(
    'openshift/template-parameter-name',
    'openshift',
    'error',
    'A Template parameter whose `name` is empty or not made of letters, digits and `_` only, which the API server refuses.',
  ),
  openshiftTemplateDuplicateParameter: rule(
    'openshift/template-duplicate-parameter',
    'openshift',
    'warning',
    'Two Template parameters with one name: the API server stores it, but processing keeps one value for both.',
  ),
  openshiftTemplateUndefinedParameter: rule(
    'openshift/template-undefined-parameter',
    'openshift',
    'warning',
    "A `${NAME}` or `${{NAME}}` in a Template's objects, message or labels that names no parameter: processing leaves it as written (a shell's own `${VAR}` in a command is one, hence a warning).",
  ),
  openshiftTemplateRequiredParameter: rule(
    'openshift/template-required-parameter',
    'openshift',
    'warning',
    'A required Template parameter with neither a `value` nor a generator: processing fails unless the user gives one.',
  ),
  openshiftTemplateGenerator: rule(
    'openshift/template-generator',
    'openshift',
    'error',
    'A Template parameter whose `generate` is not `expression`, the only generator: processing fails when it has no value.',
  ),
  kustomizeUnknownKey: rule('kustomize/unknown-key', 'kustomize', 'error', 'A key kustomize does not know in a kustomization.'),
  kustomizeMissingResource: rule(
    'kustomize/missing-resource',
    'kustomize',
    'error',
    'A local resource, base or component that does not exist.',
  ),
  marathonUnknownKey: rule(
    'marathon/unknown-key',
    'marathon',
    'error',
    "A key Marathon's app, pod or group definition does not define at that place.",
    ['did-you-mean'],
  ),
  marathonMissingKey: rule(
    'marathon/missing-key',
    'marathon',
    'error',
    'A key the definition requires at that place is missing.',
  ),
  marathonInvalidType: rule(
    'marathon/invalid-type',
    'marathon',
    'error',
    'A value of the wrong type for its key (a string where a number goes, a list for an object).',
    ['quote-value'],
  ),
  marathonInvalidValue: rule(
    'marathon/invalid-value',
    'marathon',
    'error',
    'A value outside what the definition allows (pattern, enumeration, range, length).',
  ),
  marathonInvalidId: rule(
    'marathon/invalid-id',
    'marathon',
    'error',
    "An `id` or dependency Marathon's path validation refuses: a segment that is not lowercase names of letters, digits and inner `-` joined by `.` (or `.` or `..`), a reserved last segment, an app or pod at the root, or an id that is not a direct child of its group.",
  ),
  marathonCmdAndArgs: rule(
    'marathon/cmd-and-args',
    'marathon',
    'error',
    'An app that sets both `cmd` and `args`, which Marathon refuses: one says how to run it.',
  ),
  marathonDuplicatePortName: rule(
    'marathon/duplicate-port-name',
    'marathon',
    'error',
    "A port name used twice in an app's `portDefinitions` or `portMappings`, or among the endpoints of a pod's containers.",
  ),
  marathonNegativeInstances: rule(
    'marathon/negative-instances',
    'marathon',
    'error',
    "An app's `instances` or a pod's `scaling.instances` below 0.",
  ),
  marathonNoCommand: rule(
    'marathon/no-command',
    'marathon',
    'error',
    'An app with nothing to run: no `cmd`, no `args` and no container with a `docker` section, which Marathon refuses.',
  ),
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;
/** A registered rule code: the only codes a `Diagnostic` may carry. */
export type RuleCode = (typeof RULES)[RuleId]['code'];

/** Each rule's code by its id, for the rule files: `CODE.composeUnused` is `'compose/unused'`. */
export const CODE = Object.fromEntries(Object.entries(RULES).map(([id, info]) => [id, info.code])) as {
  readonly [K in RuleId]: (typeof RULES)[K]['code'];
};

/** Every rule, in table order. */
export const ALL_RULES: readonly RuleInfo[] = Object.values(RULES);

/** The best-practice codes, which `stevedore check --strict` raises to errors. */
export const PRACTICE_CODES: readonly string[] = ALL_RULES.filter((r) => r.practice).map((r) => r.code);

const byCode = new Map<string, RuleInfo>(ALL_RULES.map((r) => [r.code, r]));

/** The rule of a code, or undefined for a code that is not registered (a setting may name one). */
export const ruleOf = (code: string): RuleInfo | undefined => byCode.get(code);

/** The fields every diagnostic of a rule starts from: its code and its default severity. */
export const coded = <C extends RuleCode>(code: C): { readonly code: C; readonly severity: Severity } => ({
  code,
  severity: byCode.get(code)?.severity ?? 'error',
});
