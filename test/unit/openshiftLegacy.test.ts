import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { createSourceFile, getCompletions, getHover, validate, type ValidationContext } from '../../server/src/service';
import { fixture, lineEndings } from '../support/fixture';
import { ruleCases, type RuleCase } from '../support/ruleCases';

// OpenShift 3's non-groupified `apiVersion: v1` for OpenShift kinds: a warning with the group to use, and the object
// checked as that group's kind (so a legacy template's Route still gets the Route rules).
const context: ValidationContext = {
  kubernetes: {
    schemas: createKubernetesSchemaSource(),
    documentedSchemas: createKubernetesSchemaSource({ descriptions: true }),
  },
};
const legacy = (c: RuleCase): RuleCase => ({ path: '/w/openshift/app.yaml', ...c, context });
const HINTS = ['k8s/undefined-reference', 'k8s/service-selects-nothing'];

describe('OpenShift kinds under the non-groupified v1', () => {
  ruleCases(
    [
      legacy({
        name: 'a v1 Route: the warning, then the Route rules of route.openshift.io',
        text: 'apiVersion: $0v1\nkind: Route\nmetadata:\n  name: r\nspec:\n  host: $0Bad_Host\n  to:\n    kind: Service\n    name: s\n',
        codes: ['openshift/non-groupified-api', 'openshift/route-host'],
        message:
          /^apiVersion v1 for Route is OpenShift 3's non-groupified API: OpenShift 4 serves Route as route\.openshift\.io\/v1/,
      }),
      legacy({
        name: 'a v1 DeploymentConfig: its schema and its pod template as Kubernetes checks them',
        text: [
          'apiVersion: $0v1',
          'kind: DeploymentConfig',
          'metadata:',
          '  name: web',
          'spec:',
          '  replicas: 1',
          '  selector: {app: web}',
          '  template:',
          '    metadata:',
          '      labels: {app: web}',
          '    spec:',
          '      containers:',
          '        - name: web',
          '          image: nginx:1.27',
          '          $0portz: []',
          '',
        ].join('\n'),
        codes: ['openshift/non-groupified-api', 'k8s/unknown-field'],
      }),
      legacy({
        name: 'a v1 Template: its objects (legacy ones too) checked, parameters and all',
        text: [
          'apiVersion: $0v1',
          'kind: Template',
          'metadata:',
          '  name: app',
          'parameters:',
          '  - name: NAME',
          '    value: web',
          'objects:',
          '  - apiVersion: $0v1',
          '    kind: ImageStream',
          '    metadata:',
          '      name: ${NAME}',
          '    spec:',
          '      $0lookupPolicyy: {}',
          '  - apiVersion: v1',
          '    kind: ConfigMap',
          '    metadata:',
          '      name: ${NAME}',
          '    data:',
          '      a: $0${MISSING}',
          '',
        ].join('\n'),
        codes: [
          'openshift/non-groupified-api',
          'openshift/non-groupified-api',
          'k8s/unknown-field',
          'openshift/template-undefined-parameter',
        ],
      }),
      legacy({
        name: 'core v1 kinds are not OpenShift’s: a v1 Service is itself',
        text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n',
        codes: [],
      }),
      legacy({
        name: 'a v1 kind neither Kubernetes nor OpenShift has stays unknown',
        text: 'apiVersion: v1\nkind: $0Routee\nmetadata:\n  name: r\n',
        codes: ['k8s/unknown-kind'],
      }),
    ],
    HINTS,
  );

  it('offers the group as the fix, replacing only the apiVersion', () => {
    const text = 'apiVersion: v1\nkind: BuildConfig\nmetadata:\n  name: b\nspec:\n  strategy:\n    type: Docker\n';
    const [finding] = validate(createSourceFile('file:///w/openshift/build.yaml', 1, text), context).filter(
      (d) => d.code === 'openshift/non-groupified-api',
    );
    assert.ok(finding, 'the legacy BuildConfig is reported');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(
      finding.fixes?.map((f) => [
        f.kind,
        f.title,
        f.edits.map((e) => [e.range.start.line, e.range.start.character, e.range.end.character, e.newText]),
      ]),
      [['use-successor-api', 'Use build.openshift.io/v1', [[0, 12, 14, 'build.openshift.io/v1']]]],
    );
  });
});

describe('completion and hover inside a Template’s objects and a List’s items, and under the non-groupified v1', () => {
  const at = (text: string, eol: (typeof lineEndings)[number]) => {
    const { text: body, markers } = fixture(eol.apply(text));
    const position = markers[0];
    assert.ok(position);
    return { file: createSourceFile('file:///w/openshift/app.yaml', 1, body), position };
  };
  const template = (object: string): string =>
    ['apiVersion: template.openshift.io/v1', 'kind: Template', 'metadata:', '  name: app', 'objects:', object, ''].join('\n');
  for (const eol of lineEndings) {
    it(`a Deployment in a Template's objects offers a Deployment's spec fields (${eol.name})`, () => {
      const { file, position } = at(
        template('  - apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n    spec:\n      $0'),
        eol,
      );
      const labels = getCompletions(file, position, context).map((c) => c.label);
      for (const field of ['replicas', 'selector', 'template', 'strategy']) assert.ok(labels.includes(field), field);
      assert.ok(!labels.includes('parameters'), 'not the Template’s own keys');
    });

    it(`a Route in a Template's objects: kind is offered for its apiVersion, hover reads the Route's docs (${eol.name})`, () => {
      const kinds = at(template('  - apiVersion: route.openshift.io/v1\n    kind: $0'), eol);
      assert.deepEqual(
        getCompletions(kinds.file, kinds.position, context).map((c) => c.label),
        ['Route'],
      );
      const hover = at(
        template('  - apiVersion: route.openshift.io/v1\n    kind: Route\n    spec:\n      alternateBack$0ends: []'),
        eol,
      );
      assert.match(
        getHover(hover.file, hover.position, context)?.contents ?? '',
        /alternateBackends allows up to 3 additional backends/,
      );
    });

    it(`a List's items are completed as their own kinds (${eol.name})`, () => {
      const { file, position } = at(
        'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    spec:\n      $0\n',
        eol,
      );
      const labels = getCompletions(file, position, context).map((c) => c.label);
      for (const field of ['ports', 'selector', 'type', 'clusterIP']) assert.ok(labels.includes(field), field);
    });

    it(`a non-groupified v1 DeploymentConfig is completed and hovered as apps.openshift.io's (${eol.name})`, () => {
      const { file, position } = at('apiVersion: v1\nkind: DeploymentConfig\nmetadata:\n  name: web\nspec:\n  $0\n', eol);
      const labels = getCompletions(file, position, context).map((c) => c.label);
      for (const field of ['replicas', 'selector', 'template', 'triggers']) assert.ok(labels.includes(field), field);
      const hover = at('apiVersion: v1\nkind: DeploymentConfig\nmetadata:\n  name: web\nspec:\n  trig$0gers: []\n', eol);
      assert.match(getHover(hover.file, hover.position, context)?.contents ?? '', /^\*\*triggers\*\*/);
    });
  }
});
