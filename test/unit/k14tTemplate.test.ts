import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { createSourceFile, type ValidationContext } from '../../server/src/service';
import { objectsOfFile } from '../../server/src/service/kubernetes/objects';
import { referencesIn } from '../../server/src/service/kubernetes/template';
import { templateMessages } from '../../server/src/service/rules/kubernetes/template';
import { ruleCases, type RuleCase } from '../support/ruleCases';

const context: ValidationContext = { kubernetes: { schemas: createKubernetesSchemaSource() } };
const openshift = (c: RuleCase): RuleCase => ({ path: '/w/k8s/template.yaml', ...c, context });

/** A Template with these parameters (YAML list items) and these objects (YAML list items), two-space indented. */
const template = (parameters: string, objects: string, extra = ''): string =>
  [
    'apiVersion: template.openshift.io/v1',
    'kind: Template',
    'metadata:',
    '  name: web',
    extra,
    'parameters:',
    parameters,
    'objects:',
    objects,
  ]
    .filter((line) => line !== '')
    .join('\n')
    .replace(/\n*$/, '\n');

const PARAMETERS = ['  - name: NAME', '    value: web', '  - name: REPLICAS', '    value: "2"'].join('\n');

/** A Deployment as an entry of `objects`, with `container` lines appended to its one container. */
const deployment = (container = '', spec = ''): string =>
  [
    '  - apiVersion: apps/v1',
    '    kind: Deployment',
    '    metadata:',
    '      name: ${NAME}',
    '    spec:',
    '      replicas: ${{REPLICAS}}',
    spec,
    '      selector:',
    '        matchLabels: {app: "${NAME}"}',
    '      template:',
    '        metadata:',
    '          labels: {app: "${NAME}"}',
    '        spec:',
    '          containers:',
    '            - name: web',
    '              image: nginx:1.27',
    container,
  ]
    .filter((line) => line !== '')
    .join('\n');

describe('OpenShift Template: each object checked as the object it is', () => {
  ruleCases(
    [
      {
        name: 'parameter references where values go (a name, an int, a label) are no error',
        text: template(PARAMETERS, deployment()),
        codes: [],
      },
      {
        name: 'a ${PARAM} in an int field and inside a longer name are no error either',
        text: template(
          PARAMETERS,
          deployment().replace('${{REPLICAS}}', '"${REPLICAS}"').replace('name: ${NAME}', 'name: app-${NAME}'),
        ),
        codes: [],
      },
      {
        name: 'an unknown field inside an object, at its position',
        text: template(PARAMETERS, deployment('              $0imagePullPolicyy: Always')),
        codes: ['k8s/unknown-field'],
        message: "Unknown key 'imagePullPolicyy' in objects[0].spec.template.spec.containers[0]. Did you mean 'imagePullPolicy'?",
      },
      {
        name: 'a type error that is no parameter reference',
        text: template(PARAMETERS, deployment('', '      minReadySeconds: $0soon')),
        codes: ['k8s/invalid-type'],
      },
      {
        name: "the API server's rules inside an object: a port out of range",
        text: template(PARAMETERS, deployment('              ports: [{containerPort: $070000}]')),
        codes: ['k8s/invalid-port'],
        message: /^spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort: Invalid value: 70000/,
      },
      {
        name: "the API server's rules inside an object: a literal name with an underscore",
        text: template(PARAMETERS, deployment().replace('name: ${NAME}', 'name: $0Web_App')),
        codes: ['k8s/invalid-name'],
      },
      {
        name: 'a kind its apiVersion does not serve, in the second object',
        text: template(PARAMETERS, `${deployment()}\n  - apiVersion: v1\n    kind: $0Servic\n    metadata: {name: s}`),
        codes: ['k8s/unknown-kind'],
      },
      {
        name: 'a Template that is an item of a List: its objects are checked too',
        text: [
          'apiVersion: v1',
          'kind: List',
          'items:',
          '  - apiVersion: template.openshift.io/v1',
          '    kind: Template',
          '    metadata: {name: t}',
          '    parameters: [{name: P, value: "80"}]',
          '    objects:',
          '      - apiVersion: v1',
          '        kind: Service',
          '        metadata: {name: s}',
          '        spec:',
          '          ports: [{name: a, port: "${{P}}"}, {name: b, port: $070000}]',
        ].join('\n'),
        codes: ['k8s/invalid-port'],
      },
      {
        name: "a Service and a ConfigMap of the template are the Deployment's: nothing undefined, the selector matches",
        text: template(
          PARAMETERS,
          [
            deployment('              envFrom: [{configMapRef: {name: "${NAME}-config"}}]'),
            '  - apiVersion: v1',
            '    kind: ConfigMap',
            '    metadata: {name: "${NAME}-config"}',
            '  - apiVersion: v1',
            '    kind: Service',
            '    metadata: {name: "${NAME}"}',
            '    spec:',
            '      selector: {app: "${NAME}"}',
            '      ports: [{port: 80}]',
          ].join('\n'),
        ),
        codes: [],
      },
    ].map(openshift),
  );
});

describe("OpenShift Template: the template's own checks", () => {
  ruleCases(
    [
      {
        name: 'a parameter name with a dash (the API server wants letters, digits and _)',
        text: template(`${PARAMETERS}\n  - name: $0db-name\n    value: x`, deployment()),
        codes: ['openshift/template-parameter-name'],
        message: templateMessages.name(['parameters', 2, 'name'], 'db-name'),
      },
      {
        name: 'an empty parameter name',
        text: template(`${PARAMETERS}\n  - name: $0""`, deployment()),
        codes: ['openshift/template-parameter-name'],
        message: 'parameters[2].name: Required value',
      },
      {
        name: 'a parameter name given twice',
        text: template(`${PARAMETERS}\n  - name: $0NAME\n    value: other`, deployment()),
        codes: ['openshift/template-duplicate-parameter'],
        message: templateMessages.duplicate(['parameters', 2, 'name'], 'NAME', 0),
      },
      {
        name: 'a ${X} that names no parameter, at the reference itself',
        text: template(PARAMETERS, deployment().replace('image: nginx:1.27', 'image: nginx:$0${TAG}')),
        codes: ['openshift/template-undefined-parameter'],
        message: templateMessages.undefined('${TAG}', 'TAG'),
      },
      {
        name: 'a ${{X}} that names no parameter',
        text: template(PARAMETERS, deployment().replace('${{REPLICAS}}', '$0${{COUNT}}')),
        codes: ['openshift/template-undefined-parameter'],
        message: templateMessages.undefined('${{COUNT}}', 'COUNT'),
      },
      {
        name: 'undefined references in the message and the labels too, and the second of two in one string',
        text: template(PARAMETERS, deployment(), 'message: "Open ${NAME} on port $0${PORT}"\nlabels:\n  app: $0${APP}'),
        codes: ['openshift/template-undefined-parameter', 'openshift/template-undefined-parameter'],
      },
      {
        name: 'a required parameter with neither value nor generator',
        text: template(`${PARAMETERS}\n  - name: PASSWORD\n    $0required: true`, deployment()),
        codes: ['openshift/template-required-parameter'],
        message: templateMessages.required('PASSWORD'),
      },
      {
        name: 'a required parameter with a generator, and one with a value, are fine',
        text: template(
          `${PARAMETERS}\n  - name: PASSWORD\n    required: true\n    generate: expression\n    from: "[a-z]{8}"\n  - name: USER\n    required: true\n    value: admin`,
          deployment(),
        ),
        codes: [],
      },
      {
        name: 'a generator other than expression',
        text: template(`${PARAMETERS}\n  - name: TOKEN\n    generate: $0random`, deployment()),
        codes: ['openshift/template-generator'],
        message: templateMessages.generator('TOKEN', 'random'),
      },
      {
        name: 'an unknown generator does not matter when the parameter has a value',
        text: template(`${PARAMETERS}\n  - name: TOKEN\n    value: abc\n    generate: random`, deployment()),
        codes: [],
      },
    ].map(openshift),
  );
});

describe('OpenShift Template: references as the processor reads them', () => {
  it('a whole ${{X}} is one reference; ${X} may repeat inside a string; ${{X}} inside a string is none', () => {
    assert.deepEqual(referencesIn('${{A}}'), [{ name: 'A', text: '${{A}}', start: 0, end: 6 }]);
    assert.deepEqual(
      referencesIn('${A}-${B_2}').map((r) => [r.name, r.start, r.end]),
      [
        ['A', 0, 4],
        ['B_2', 5, 11],
      ],
    );
    assert.deepEqual(referencesIn('x-${{A}}'), []);
    assert.deepEqual(referencesIn('$(A) ${a-b}'), []);
  });

  it("the workspace index holds the template's objects beside the template", () => {
    const text = template(PARAMETERS, `${deployment()}\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: cfg}}`);
    const objects = objectsOfFile(createSourceFile('file:///w/k8s/template.yaml', 1, text));
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.name}`),
      ['Template/web', 'Deployment/${NAME}', 'ConfigMap/cfg'],
    );
    assert.ok(objects[0]?.nameRange, 'the template keeps the range of its name');
  });
});
