import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import {
  duplicateMessage,
  forbiddenMessage,
  invalidMessage,
  requiredMessage,
  tooLongMessage,
} from '../../server/src/service/rules/kubernetes/fieldErrors';
import { ANNOTATIONS_LIMIT } from '../../server/src/service/rules/kubernetes/labels';
import { dns1035Label, dns1123Label, labelKey, portName } from '../../server/src/service/rules/kubernetes/nameFormats';
import { nodePortRangeMessage } from '../../server/src/service/rules/kubernetes/ports';
import { parseQuantity } from '../../server/src/service/rules/kubernetes/quantity';
import { RULES } from '../../server/src/service/rules/registry';
import { ruleCases, type RuleCase } from '../support/ruleCases';

const schemas = createKubernetesSchemaSource();
const k8s = (c: RuleCase): RuleCase => ({ path: '/w/k8s/app.yaml', ...c, context: { kubernetes: { schemas } } });
const HINTS = ['k8s/undefined-reference', 'k8s/service-selects-nothing'];

const pod = (lines: string, name = 'app'): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n${lines}\n`;
const svc = (spec: string, name = 'web'): string =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  selector: {app: web}\n${spec}\n`;

describe('k8s/invalid-name and k8s/duplicate-name', () => {
  ruleCases(
    (
      [
        {
          name: 'names each kind accepts',
          text: `${svc('  ports: [{port: 80}]', 'web-1')}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: "system:metrics-reader"}\nrules: []\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: app.config, namespace: team-a}\n`,
          codes: [],
        },
        {
          name: 'a Service name must be a DNS-1035 label (no leading digit)',
          text: svc('  ports: [{port: 80}]', '$01web'),
          codes: ['k8s/invalid-name'],
          message: invalidMessage(['metadata', 'name'], '1web', dns1035Label('1web')[0] ?? ''),
        },
        {
          name: 'a Namespace name has no dots',
          text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: $0team.a}\n',
          codes: ['k8s/invalid-name'],
          message: /metadata\.name: Invalid value: "team\.a": must not contain dots/,
        },
        {
          name: 'a namespace field is a DNS label',
          text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: $0Team}\n',
          codes: ['k8s/invalid-name'],
        },
        {
          name: 'an RBAC name is a path segment',
          text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: $0a/b}\nrules: []\n',
          codes: ['k8s/invalid-name'],
          message: /may not contain '\/'/,
        },
        {
          name: 'a CronJob name over 52 characters',
          text: `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: $0${'a'.repeat(53)}}\nspec:\n  schedule: "@daily"\n  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: j, image: "busybox:1.36"}]}}}}\n`,
          codes: ['k8s/invalid-name'],
          message: /must be no more than 52 characters/,
        },
        {
          name: "a custom resource is its server's business",
          text: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: Big_One}\n',
          codes: ['k8s/no-schema'],
        },
        {
          name: 'a container name is a DNS label',
          text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: $0App, image: "nginx:1.27"}]\n',
          codes: ['k8s/invalid-name'],
          message: invalidMessage(['spec', 'containers', 0, 'name'], 'App', dns1123Label('App')[0] ?? ''),
        },
        {
          name: 'an init container shares the names of containers',
          text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: app, image: "busybox:1.36"}]\n  containers: [{name: $0app, image: "nginx:1.27"}]\n',
          codes: ['k8s/duplicate-name'],
          message: duplicateMessage(['spec', 'containers', 0, 'name'], 'app'),
        },
        {
          name: 'volume names: DNS labels, once each',
          text: pod(
            '  volumes:\n    - {name: $0Data, emptyDir: {}}\n    - {name: cache, emptyDir: {}}\n    - {name: $0cache, emptyDir: {}}',
          ),
          codes: ['k8s/invalid-name', 'k8s/duplicate-name'],
        },
        {
          name: 'port names: IANA service names, once per container',
          text: pod(
            '      ports:\n        - {containerPort: 80, name: $0http_port}\n        - {containerPort: 81, name: metrics}\n        - {containerPort: 82, name: $0metrics}',
          ),
          codes: ['k8s/invalid-name', 'k8s/duplicate-name'],
          message: invalidMessage(['spec', 'containers', 0, 'ports', 0, 'name'], 'http_port', portName('http_port')[0] ?? ''),
        },
      ] as RuleCase[]
    ).map(k8s),
    HINTS,
  );
});

describe('k8s/invalid-label', () => {
  const big = 'x'.repeat(ANNOTATIONS_LIMIT);
  ruleCases(
    (
      [
        {
          name: 'labels and annotations as the API takes them',
          text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {app.kubernetes.io/name: web, tier: "", v: "1.2_3"}\n  annotations: {Example.com/Note: "any value at all"}\n',
          codes: [],
        },
        {
          name: 'a label key with two slashes',
          text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {$0a/b/c: x}\n',
          codes: ['k8s/invalid-label'],
          message: invalidMessage(['metadata', 'labels'], 'a/b/c', labelKey('a/b/c')[0] ?? ''),
        },
        {
          name: 'a label value over 63 characters',
          text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {a: $0${'v'.repeat(64)}}\n`,
          codes: ['k8s/invalid-label'],
          message: /must be no more than 63 characters/,
        },
        {
          name: 'a pod template label',
          text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata:\n      labels: {app: d, $0-bad: x}\n    spec:\n      containers: [{name: d, image: "nginx:1.27"}]\n',
          codes: ['k8s/invalid-label'],
          message: /^spec\.template\.metadata\.labels: Invalid value: "-bad": name part/,
        },
        {
          name: 'an annotation key with a bad prefix',
          text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {$0_x/y: z}\n',
          codes: ['k8s/invalid-label'],
          message: /prefix part a lowercase RFC 1123 subdomain/,
        },
        {
          name: 'annotations over 256 KiB',
          text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  $0annotations: {a: ${big}}\n`,
          codes: ['k8s/invalid-label'],
          message: tooLongMessage(['metadata', 'annotations'], ANNOTATIONS_LIMIT),
        },
      ] as RuleCase[]
    ).map(k8s),
    HINTS,
  );
});

describe('k8s/invalid-port, k8s/duplicate-port and k8s/node-port-range', () => {
  ruleCases(
    (
      [
        {
          name: 'ports in range, named, unique',
          text: svc(
            '  type: NodePort\n  ports:\n    - {name: http, port: 80, targetPort: http, nodePort: 30080}\n    - {name: dns, port: 53, protocol: UDP}\n    - {name: dns-tcp, port: 53, protocol: TCP}',
          ),
          codes: [],
        },
        { name: 'a Service port out of range', text: svc('  ports: [{port: $00}]'), codes: ['k8s/invalid-port'] },
        {
          name: 'a target port name that is no IANA name',
          text: svc('  ports: [{port: 80, targetPort: $0Http}]'),
          codes: ['k8s/invalid-port'],
        },
        {
          name: 'a multi-port Service with an unnamed port',
          text: svc('  ports:\n    - {name: a, port: 80}\n    - $0{port: 81}'),
          codes: ['k8s/invalid-port'],
          message: requiredMessage(['spec', 'ports', 1, 'name']),
        },
        {
          name: 'two ports with one name, and one port twice',
          text: svc('  ports:\n    - {name: a, port: 80}\n    - {name: $0a, port: 81}\n    - $0{name: b, port: 80}'),
          codes: ['k8s/duplicate-port', 'k8s/duplicate-port'],
        },
        {
          name: 'a nodePort on a ClusterIP Service',
          text: svc('  ports: [{port: 80, nodePort: $030080}]'),
          codes: ['k8s/invalid-port'],
          message: forbiddenMessage(['spec', 'ports', 0, 'nodePort'], "may not be used when `type` is 'ClusterIP'"),
        },
        {
          name: 'a nodePort outside the default range is a warning',
          text: svc('  type: NodePort\n  ports: [{port: 80, nodePort: $08080}]'),
          codes: ['k8s/node-port-range'],
          message: nodePortRangeMessage('spec.ports[0].nodePort', 8080),
        },
        {
          name: 'a host port out of range, and one used twice in a pod',
          text: pod(
            '      ports:\n        - {containerPort: 80, hostPort: $070000}\n        - {containerPort: 81, hostPort: 8080}\n        - {containerPort: 82, hostPort: $08080}',
          ),
          codes: ['k8s/invalid-port', 'k8s/duplicate-port'],
        },
      ] as RuleCase[]
    ).map(k8s),
    HINTS,
  );
  it('the node port warning is a warning', () => {
    assert.equal(RULES.k8sNodePortRange.severity, 'warning');
  });
});

describe('k8s/invalid-resources', () => {
  it('parses quantities as the API does', () => {
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('1Gi'), 2 ** 30);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity(2), 2);
    assert.equal(parseQuantity('lots'), undefined);
  });
  ruleCases(
    (
      [
        {
          name: 'requests within limits, a GPU in whole units',
          text: pod(
            '      resources:\n        limits: {cpu: "1", memory: 1Gi, nvidia.com/gpu: 1, hugepages-2Mi: 64Mi}\n        requests: {cpu: 500m, memory: 512Mi, nvidia.com/gpu: 1, hugepages-2Mi: 64Mi}',
          ),
          codes: [],
        },
        {
          name: 'memory requested above its limit',
          text: pod('      resources:\n        limits: {memory: 1Gi}\n        requests: {memory: $02Gi}'),
          codes: ['k8s/invalid-resources'],
          message: /requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi/,
        },
        {
          name: 'an extended resource in parts, and requested apart from its limit',
          text: pod(
            '      resources:\n        limits: {example.com/dev: $00.5}\n        requests: {example.com/dev: $00.5, $0example.com/fpga: 1}',
          ),
          codes: ['k8s/invalid-resources', 'k8s/invalid-resources', 'k8s/invalid-resources'],
        },
        {
          name: 'a resource name that is not a container resource',
          text: pod('      resources:\n        limits: {$0pods: "1"}'),
          codes: ['k8s/invalid-resources'],
          message: /must be a standard resource for containers/,
        },
        {
          name: 'a negative quantity',
          text: pod('      resources:\n        requests: {cpu: $0-1}'),
          codes: ['k8s/invalid-resources'],
        },
      ] as RuleCase[]
    ).map(k8s),
    HINTS,
  );
});
