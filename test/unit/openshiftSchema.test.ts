import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { createSourceFile, getCompletions, getHover, validate, type ValidationContext } from '../../server/src/service';
import { compileKindValidator } from '../../server/src/service/kubernetes/schemas';
import { fixture, lineEndings } from '../support/fixture';
import { repoRoot } from '../support/paths';
import { ruleCases, type RuleCase } from '../support/ruleCases';

const schemas = createKubernetesSchemaSource();
const context: ValidationContext = {
  kubernetes: { schemas, documentedSchemas: createKubernetesSchemaSource({ descriptions: true }) },
};
const openshift = (c: RuleCase): RuleCase => ({ path: '/w/k8s/app.yaml', ...c, context });
const HINTS = ['k8s/undefined-reference', 'k8s/service-selects-nothing'];

const deploymentConfig = (container: string): string =>
  [
    'apiVersion: apps.openshift.io/v1',
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
    container,
  ]
    .join('\n')
    .replace(/\n*$/, '\n');

const USER_KINDS = [
  'route.openshift.io/v1/Route',
  'apps.openshift.io/v1/DeploymentConfig',
  'image.openshift.io/v1/ImageStream',
  'image.openshift.io/v1/ImageStreamTag',
  'build.openshift.io/v1/BuildConfig',
  'build.openshift.io/v1/Build',
  'template.openshift.io/v1/Template',
  'project.openshift.io/v1/Project',
  'project.openshift.io/v1/ProjectRequest',
  'security.openshift.io/v1/SecurityContextConstraints',
  'user.openshift.io/v1/User',
  'user.openshift.io/v1/Group',
];

describe('OpenShift kinds in every shipped release', () => {
  for (const version of ['1.32', '1.34', '1.36']) {
    it(`${version}: the route, apps, image, build, template, project, security and user kinds have schemas`, () => {
      const bundle = schemas(version);
      assert.ok(bundle);
      for (const gvk of USER_KINDS) assert.ok(bundle.kinds[gvk], gvk);
      // Kubernetes' own kinds stay, and the release's own pod template is the one a DeploymentConfig embeds.
      assert.equal(bundle.kinds['apps/v1/Deployment'], 'io.k8s.api.apps.v1.Deployment');
      assert.ok(bundle.definitions['io.k8s.api.core.v1.PodTemplateSpec']);
    });
  }

  it('the generated validator of a kind reports what one compiled at run time reports', () => {
    const bundle = schemas('1.34');
    const definition = bundle?.kinds['route.openshift.io/v1/Route'];
    assert.ok(bundle && definition);
    const generated = bundle.precompiled?.(definition);
    assert.ok(generated, 'schemas/compile.mjs generated a Route validator');
    const route = { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'web' }, spec: { hostt: 'x' } };
    const compiled = compileKindValidator(bundle, definition);
    assert.equal(generated(route), false);
    assert.equal(compiled(route), false);
    assert.deepEqual(
      generated.errors?.map((e) => [e.instancePath, e.keyword]),
      compiled.errors?.map((e) => [e.instancePath, e.keyword]),
    );
  });
});

describe('OpenShift objects against their schemas', () => {
  ruleCases(
    (
      [
        { name: 'a DeploymentConfig is clean', text: deploymentConfig(''), codes: [] },
        {
          name: 'an unknown field in the embedded pod template',
          text: deploymentConfig('          $0imagePullPolicyy: Always'),
          codes: ['k8s/unknown-field'],
          message: "Unknown key 'imagePullPolicyy' in spec.template.spec.containers[0]. Did you mean 'imagePullPolicy'?",
        },
        {
          name: 'a type error in the embedded pod template',
          text: deploymentConfig('          ports: [{containerPort: $0eighty}]'),
          codes: ['k8s/invalid-type'],
        },
        {
          name: 'an unknown field of the DeploymentConfig itself',
          text: deploymentConfig('').replace('  replicas: 1', '  $0replica: 1'),
          codes: ['k8s/unknown-field'],
        },
        {
          name: "the API server's checks of a Kubernetes pod template apply inside a DeploymentConfig",
          text: deploymentConfig('          ports: [{containerPort: $070000}]'),
          codes: ['k8s/invalid-port'],
        },
        {
          name: 'a Route without its required `to`',
          text: 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web}\n$0spec:\n  host: www.example.com\n',
          codes: ['k8s/missing-field'],
        },
        {
          name: 'a typo in a kind of an OpenShift group',
          text: 'apiVersion: route.openshift.io/v1\nkind: $0Routes\nmetadata: {name: web}\n',
          codes: ['k8s/unknown-kind'],
          message: 'route.openshift.io/v1 has no kind Routes. Did you mean Route?',
        },
        {
          name: 'a Template: its parameters are checked, its objects taken as any object',
          text: 'apiVersion: template.openshift.io/v1\nkind: Template\nmetadata: {name: t}\nparameters:\n  - name: A\n    $0requird: true\nobjects:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: "${A}"}}\n',
          codes: ['k8s/unknown-field'],
        },
        {
          name: 'a Template with no objects',
          text: '$0apiVersion: template.openshift.io/v1\nkind: Template\nmetadata: {name: t}\n',
          codes: ['k8s/missing-field'],
        },
        {
          name: 'an ImageStream tag of the wrong type',
          text: 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: i}\nspec:\n  tags: $0nginx\n',
          codes: ['k8s/invalid-type'],
        },
        {
          name: 'a BuildConfig without a strategy',
          text: 'apiVersion: build.openshift.io/v1\nkind: BuildConfig\nmetadata: {name: b}\n$0spec:\n  output: {to: {kind: ImageStreamTag, name: "b:latest"}}\n',
          codes: ['k8s/missing-field'],
        },
        {
          name: 'a Group written by `oc adm groups new` (users: null) and an SCC with only some fields',
          text: 'apiVersion: user.openshift.io/v1\nkind: Group\nmetadata: {name: devs}\nusers: null\n---\napiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata: {name: s}\nallowPrivilegedContainer: false\nrunAsUser: {type: MustRunAsRange}\nseLinuxContext: {type: MustRunAs}\n',
          codes: [],
        },
      ] as RuleCase[]
    ).map(openshift),
    HINTS,
  );
});

describe('test/fixtures/openshift/', () => {
  const folder = join(repoRoot, 'test', 'fixtures', 'openshift');
  const files = readdirSync(folder).filter((f) => f.endsWith('.yaml'));
  it('holds a Route, a DeploymentConfig, a Template, an ImageStream and a BuildConfig', () => {
    assert.deepEqual(files.sort(), [
      'buildconfig.yaml',
      'deploymentconfig.yaml',
      'imagestream.yaml',
      'route.yaml',
      'template.yaml',
    ]);
  });
  for (const name of files)
    it(`${name} is a clean Kubernetes file, best practices aside`, () => {
      const path = join(folder, name);
      const source = createSourceFile(pathToFileURL(path).href, 1, readFileSync(path, 'utf8'));
      assert.equal(source.kind, 'kubernetes');
      const found = validate(source, context).filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepEqual(
        found.map((d) => `${d.code} ${d.message}`),
        [],
      );
    });
});

describe('OpenShift completion and hover', () => {
  const at = (text: string, eol: (typeof lineEndings)[number]) => {
    const { text: body, markers } = fixture(eol.apply(text));
    const position = markers[0];
    assert.ok(position);
    return { file: createSourceFile('file:///w/k8s/route.yaml', 1, body), position };
  };
  for (const eol of lineEndings) {
    it(`kind offers Route and DeploymentConfig, apiVersion the OpenShift groups (${eol.name})`, () => {
      const kinds = at('apiVersion: route.openshift.io/v1\nkind: $0\n', eol);
      assert.deepEqual(
        getCompletions(kinds.file, kinds.position, context).map((c) => c.label),
        ['Route'],
      );
      const versions = at('apiVersion: $0\nkind: DeploymentConfig\n', eol);
      assert.deepEqual(
        getCompletions(versions.file, versions.position, context).map((c) => c.label),
        ['apps.openshift.io/v1'],
      );
    });

    it(`a Route's spec offers its fields, and termination its documented values (${eol.name})`, () => {
      const spec = at('apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web}\nspec:\n  $0\n', eol);
      const labels = getCompletions(spec.file, spec.position, context).map((c) => c.label);
      for (const field of ['host', 'to', 'tls', 'alternateBackends', 'wildcardPolicy']) assert.ok(labels.includes(field), field);
    });

    it(`hover on a Route field shows OpenShift's description (${eol.name})`, () => {
      const { file, position } = at(
        'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web}\nspec:\n  alternateBack$0ends: []\n  to: {kind: Service, name: web}\n',
        eol,
      );
      const hover = getHover(file, position, context);
      assert.match(hover?.contents ?? '', /alternateBackends allows up to 3 additional backends/);
    });
  }
});
