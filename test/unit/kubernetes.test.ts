import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, validate } from '../../server/src/service';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { removedMessage } from '../../server/src/service/kubernetes/validateKubernetes';
import { ruleCases, type RuleCase } from '../support/ruleCases';

const schemas = createKubernetesSchemaSource();
const k8s = (c: RuleCase): RuleCase => ({
  path: '/w/k8s/app.yaml',
  ...c,
  context: { kubernetes: { schemas, ...c.context?.kubernetes } },
});

const deployment = (spec: string): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  creationTimestamp: null',
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx',
    spec,
  ]
    .join('\n')
    .replace(/\n*$/, '\n');

describe('Kubernetes objects against the 1.34 API', () => {
  ruleCases(
    (
      [
        { name: 'a Deployment is clean', text: deployment('          ports: [{containerPort: 80, name: http}]\n'), codes: [] },
        {
          name: 'resources take quantities in every form',
          text: deployment(
            '          resources:\n            limits: {cpu: 500m, memory: 1Gi}\n            requests: {cpu: 0.25, memory: "268435456"}\n',
          ),
          codes: [],
        },
        {
          name: 'a quantity that is not one',
          text: deployment('          resources:\n            limits: {cpu: $0lots}\n'),
          codes: ['k8s/invalid-value'],
        },
        {
          name: 'an unknown field, with a suggestion',
          text: deployment('          $0imagePullPolicyy: Always\n'),
          codes: ['k8s/unknown-field'],
          message: "Unknown key 'imagePullPolicyy' in spec.template.spec.containers[0]. Did you mean 'imagePullPolicy'?",
        },
        {
          name: 'a wrong type',
          text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: $0three\n  selector: {}\n  template: {}\n',
          codes: ['k8s/invalid-type'],
        },
        {
          name: 'YAML 1.1 booleans are booleans to kubectl (tty: yes, stdin: on, y)',
          text: deployment('          tty: yes\n          stdin: on\n          stdinOnce: y\n'),
          codes: [],
        },
        {
          name: 'a quoted yes stays a string, which a boolean field refuses',
          text: deployment('          tty: $0"yes"\n'),
          codes: ['k8s/invalid-type'],
        },
        {
          name: 'int-or-string ports in both forms, and a Service that selects its pods',
          text: `${deployment('          ports: [{containerPort: 80, name: http}]')}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n    - {name: web, port: 80, targetPort: http}\n    - {name: alt, port: 81, targetPort: 8081}\n`,
          codes: [],
        },
        {
          name: 'a removed apiVersion names its successor',
          text: 'apiVersion: $0extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n',
          codes: ['k8s/removed-api'],
          message: removedMessage('extensions/v1beta1/Deployment', 16, 'apps/v1'),
        },
        {
          name: 'a deprecated apiVersion for an older target release',
          text: 'apiVersion: $0batch/v1beta1\nkind: CronJob\nmetadata: {name: x}\nspec:\n  schedule: "* * * * *"\n  jobTemplate: {}\n',
          context: { kubernetes: { version: '1.24' } },
          codes: ['k8s/deprecated-api'],
        },
        {
          name: 'the schemas of the target release: an API that release does not serve',
          text: 'apiVersion: $0resource.k8s.io/v1\nkind: DeviceClass\nmetadata: {name: gpu}\nspec: {}\n',
          context: { kubernetes: { version: '1.32' } },
          codes: ['k8s/unknown-kind'],
          message: 'Kubernetes 1.32 does not serve resource.k8s.io/v1',
        },
        {
          name: 'the same object under a release that serves it',
          text: 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata: {name: gpu}\nspec: {}\n',
          context: { kubernetes: { version: '1.36' } },
          codes: [],
        },
        {
          name: 'a misspelled kind',
          text: 'apiVersion: apps/v1\nkind: $0Deploymnet\nmetadata: {name: x}\n',
          codes: ['k8s/unknown-kind'],
          message: 'apps/v1 has no kind Deploymnet. Did you mean Deployment?',
        },
        {
          name: 'a custom resource has no schema, and that is no error',
          text: 'apiVersion: monitoring.coreos.com/v1\nkind: $0ServiceMonitor\nmetadata: {name: x}\nspec: {anything: 1}\n',
          codes: ['k8s/no-schema'],
        },
        {
          name: 'OpenShift kinds are known',
          text: 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: x}\nspec: {to: {kind: Service, name: web}}\n',
          codes: [],
        },
        {
          name: 'a missing apiVersion',
          text: 'kind: ConfigMap\nmetadata: {name: x}\napiVersion: $0""\n',
          codes: ['k8s/missing-apiversion'],
        },
        {
          name: 'each document on its own, and List items too',
          text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: "1"}\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b}\n    $0date: {}\n',
          codes: ['k8s/unknown-field'],
        },
      ] as RuleCase[]
    ).map(k8s),
  );
});

const service = (selector: string, targetPort = '80'): string =>
  `---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: ${selector}\n  ports: [{port: 80, targetPort: ${targetPort}}]\n`;

describe('Kubernetes objects against each other', () => {
  ruleCases(
    (
      [
        {
          name: 'a Deployment whose selector misses its own pods',
          text: deployment('').replace('    matchLabels: {app: web}', '    $0matchLabels: {app: api}'),
          codes: ['k8s/selector-mismatch'],
        },
        {
          name: 'a Service that selects no pod template',
          text: `${deployment('')}${service('$0{app: api}')}`,
          codes: ['k8s/service-selects-nothing'],
        },
        {
          name: 'a Service whose target port name no container declares',
          text: `${deployment('          ports: [{containerPort: 80, name: http}]')}${service('{app: web}', '$0metrics')}`,
          codes: ['k8s/unknown-target-port'],
        },
        {
          name: 'a ConfigMap and a Secret that are not defined, where other ConfigMaps are',
          text: `${deployment('          envFrom: [{configMapRef: {name: $0settings}}, {secretRef: {name: $0creds}}]')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n`,
          codes: ['k8s/undefined-reference', 'k8s/undefined-reference'],
        },
        {
          name: 'a custom resource is held to the schema of its CustomResourceDefinition in the workspace',
          text: [
            'apiVersion: apiextensions.k8s.io/v1',
            'kind: CustomResourceDefinition',
            'metadata: {name: widgets.example.com}',
            'spec:',
            '  group: example.com',
            '  names: {kind: Widget, plural: widgets}',
            '  scope: Namespaced',
            '  versions:',
            '    - name: v1',
            '      served: true',
            '      storage: true',
            '      schema:',
            '        openAPIV3Schema:',
            '          type: object',
            '          properties:',
            '            spec:',
            '              type: object',
            '              properties:',
            '                size: {type: integer}',
            '                port: {x-kubernetes-int-or-string: true}',
            '                extra: {type: object, x-kubernetes-preserve-unknown-fields: true}',
            '---',
            'apiVersion: example.com/v1',
            'kind: Widget',
            'metadata: {name: w}',
            'spec: {size: $0big, port: http, extra: {anything: 1}, $0colour: red}',
            '---',
            'apiVersion: example.com/v1',
            'kind: Widget',
            'metadata: {name: ok}',
            'spec: {size: 3, port: 80}',
            '',
          ].join('\n'),
          codes: ['k8s/invalid-type', 'k8s/unknown-field'],
        },
        {
          name: 'an Ingress backend that names no Service',
          text: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules:\n    - http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: $0webb, port: {number: 80}}}}\n',
          codes: ['k8s/undefined-reference'],
        },
      ] as RuleCase[]
    ).map(k8s),
  );
});

describe('Helm templates and Kustomize', () => {
  ruleCases(
    (
      [
        {
          name: 'a chart template is not judged as YAML',
          path: '/w/chart/templates/deployment.yaml',
          text: 'apiVersion: apps/v1\nkind: Deployment\n{{- if .Values.x }}\nspec: {{ .Values.spec }}\n{{- end }}\n',
          codes: [],
        },
        {
          name: 'a kustomization: unknown keys and missing resources',
          path: '/w/base/kustomization.yaml',
          text: 'resources:\n  - deployment.yaml\n  - $0missing.yaml\n  - github.com/org/repo//base?ref=v1\n$0commonLabelz: {a: b}\n',
          files: { '/w/base/deployment.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' },
          codes: ['kustomize/missing-resource', 'kustomize/unknown-key'],
        },
        {
          name: 'a patch is checked without required fields',
          path: '/w/overlay/patch.yaml',
          text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n',
          files: { '/w/overlay/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n' },
          codes: [],
        },
      ] as RuleCase[]
    ).map(k8s),
  );
});

describe('Kubernetes quick fixes', () => {
  it('replace a removed apiVersion with its successor', () => {
    const file = createSourceFile(
      'file:///w/k8s.yaml',
      1,
      'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n',
    );
    const [diagnostic] = validate(file, { kubernetes: { schemas } });
    assert.deepEqual(diagnostic?.fixes, [
      {
        kind: 'use-successor-api',
        title: 'Use apps/v1',
        edits: [{ range: { start: { line: 0, character: 12 }, end: { line: 0, character: 30 } }, newText: 'apps/v1' }],
      },
    ]);
  });
});
