import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import {
  createSourceFile,
  getCompletions,
  getHover,
  validate,
  type Diagnostic,
  type ValidationContext,
} from '../../server/src/service';
import { notSupportedMessage } from '../../server/src/service/rules/kubernetes/fieldErrors';
import { fixture, lineEndings } from '../support/fixture';
import { repoRoot } from '../support/paths';
import { ruleCases, type RuleCase } from '../support/ruleCases';

// The values of the fields Kubernetes marks `+enum` (schemas/kubernetes/enums.json, laid into the bundles by
// generate.mjs), reported as the API server words them.
const schemas = createKubernetesSchemaSource();
const context: ValidationContext = {
  kubernetes: { schemas, documentedSchemas: createKubernetesSchemaSource({ descriptions: true }) },
};
const k8s = (c: RuleCase): RuleCase => ({ path: '/w/k8s/app.yaml', context, ...c });
const at = (version: string): ValidationContext => ({ kubernetes: { schemas, version } });

const PULL = ['Always', 'IfNotPresent', 'Never'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

const pod = (spec: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n${spec}`;
const deployment = (container: string, podSpec = ''): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    podSpec,
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    container,
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
const service = (spec: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n${spec}`;
const cronJob = (spec: string): string =>
  [
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata: {name: nightly}',
    'spec:',
    '  schedule: "0 3 * * *"',
    spec,
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          restartPolicy: OnFailure',
    '          containers: [{name: job, image: "busybox:1.36"}]',
  ].join('\n') + '\n';
const claim = (modes: string): string =>
  `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: ${modes}\n  resources: {requests: {storage: 1Gi}}\n`;
const ingress = (pathType: string): string =>
  [
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata: {name: web}',
    'spec:',
    '  rules:',
    '    - http:',
    '        paths:',
    `          - path: /\n            pathType: ${pathType}`,
    '            backend: {service: {name: web, port: {number: 80}}}',
  ].join('\n') + '\n';
const tolerations = (toleration: string): string => deployment('', `      tolerations: [${toleration}]`);

describe('Kubernetes enumerated values: valid values pass, others are refused in the API server words', () => {
  ruleCases(
    (
      [
        { name: 'imagePullPolicy: a listed value', text: deployment('          imagePullPolicy: IfNotPresent'), codes: [] },
        {
          name: 'imagePullPolicy: a value outside the list',
          text: deployment('          imagePullPolicy: $0Sometimes'),
          codes: ['k8s/invalid-value'],
          message: notSupportedMessage(['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy'], 'Sometimes', PULL),
        },
        {
          name: 'imagePullPolicy: the empty string reads as unset, which the server defaults',
          text: deployment('          imagePullPolicy: ""'),
          codes: [],
        },
        { name: 'Service type: LoadBalancer', text: service('  type: LoadBalancer\n'), codes: [] },
        {
          name: 'Service type: a wrong case is refused',
          text: service('  type: $0Loadbalancer\n'),
          codes: ['k8s/invalid-value'],
          message:
            'spec.type: Unsupported value: "Loadbalancer": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
        },
        {
          name: 'a toleration with Exists and every effect',
          text: tolerations('{operator: Exists}, {key: a, operator: Equal, value: b, effect: NoSchedule}, {key: c, effect: ""}'),
          codes: [],
        },
        {
          name: 'a toleration operator and effect outside their lists',
          text: tolerations('{key: a, operator: $0Equals, effect: $0NoSchedul}'),
          codes: ['k8s/invalid-value', 'k8s/invalid-value'],
          message: notSupportedMessage(['spec', 'template', 'spec', 'tolerations', 0, 'operator'], 'Equals', ['Equal', 'Exists']),
        },
        { name: 'CronJob concurrencyPolicy: Forbid', text: cronJob('  concurrencyPolicy: Forbid'), codes: [] },
        {
          name: 'CronJob concurrencyPolicy: a value outside the list',
          text: cronJob('  concurrencyPolicy: $0Sometimes'),
          codes: ['k8s/invalid-value'],
          message: 'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
        },
        { name: 'PVC accessModes: listed modes', text: claim('[ReadWriteOnce, ReadOnlyMany]'), codes: [] },
        {
          name: 'PVC accessModes: each item is checked',
          text: claim('[ReadWriteOnce, $0ReadWriteEverywhere]'),
          codes: ['k8s/invalid-value'],
          message:
            'spec.accessModes[1]: Unsupported value: "ReadWriteEverywhere": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
        },
        {
          name: 'port protocol: TCP, UDP and SCTP',
          text: pod('      ports: [{containerPort: 80, protocol: TCP}, {containerPort: 53, protocol: UDP}]\n'),
          codes: [],
        },
        {
          name: 'port protocol: lower case is refused',
          text: pod('      ports: [{containerPort: 80, protocol: $0tcp}]\n'),
          codes: ['k8s/invalid-value'],
          message: notSupportedMessage(['spec', 'containers', 0, 'ports', 0, 'protocol'], 'tcp', PROTOCOLS),
        },
        { name: 'a bare Pod restartPolicy: Never', text: pod('  restartPolicy: Never\n'), codes: [] },
        {
          name: 'a bare Pod restartPolicy outside the list',
          text: pod('  restartPolicy: $0Sometimes\n'),
          codes: ['k8s/invalid-value'],
          message: 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
        },
        { name: 'Ingress pathType: Prefix', text: ingress('Prefix'), codes: [] },
        {
          name: 'Ingress pathType outside the list',
          text: ingress('$0Regex'),
          codes: ['k8s/invalid-value'],
          message:
            'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
        },
        {
          // A pointer field: "" is a value the server checks, not an unset field.
          name: 'Ingress pathType: the empty string is refused',
          text: ingress('$0""'),
          codes: ['k8s/invalid-value'],
          message:
            'spec.rules[0].http.paths[0].pathType: Unsupported value: "": supported values: "Exact", "ImplementationSpecific", "Prefix"',
        },
        {
          name: 'in a List, the path starts at the item, as the server gives it',
          text: `apiVersion: v1\nkind: List\nitems:\n  - ${service('  type: $0Nodeport\n').trimEnd().replace(/\n/g, '\n    ')}\n`,
          codes: ['k8s/invalid-value'],
          message: notSupportedMessage(['spec', 'type'], 'Nodeport', SERVICE_TYPES),
        },
      ] as RuleCase[]
    ).map(k8s),
    // The Ingress backends' Service is not in these one-file workspaces.
    ['k8s/undefined-reference'],
  );
});

describe('enumerated values follow the target release', () => {
  const gt = tolerations('{key: a, operator: $0Gt, value: "5", effect: NoSchedule}');
  ruleCases([
    k8s({ name: 'toleration operator Gt is not a value in 1.34', text: gt, codes: ['k8s/invalid-value'], context: at('1.34') }),
    k8s({ name: 'toleration operator Gt is one in 1.35', text: gt.replace('$0', ''), codes: [], context: at('1.35') }),
  ]);
});

/** Applies a fix's single-line edits to the text. */
function applied(text: string, diagnostic: Diagnostic, title: string): string {
  const fix = diagnostic.fixes?.find((f) => f.title === title);
  assert.ok(fix, `no fix '${title}' among ${JSON.stringify(diagnostic.fixes?.map((f) => f.title))}`);
  const lines = text.split('\n');
  for (const edit of fix.edits) {
    const line = lines[edit.range.start.line] ?? '';
    lines[edit.range.start.line] =
      line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
  }
  return lines.join('\n');
}

describe('the allowed-value quick fix on a Kubernetes field', () => {
  const errors = (text: string): Diagnostic[] =>
    validate(createSourceFile('file:///w/k8s/app.yaml', 1, text), context).filter((d) => d.severity === 'error');

  it('offers the allowed values, the closest first, and the fix leaves the object clean', () => {
    const text = service('  type: Loadbalancer\n');
    const [finding, ...others] = errors(text);
    assert.equal(others.length, 0);
    assert.equal(finding?.code, 'k8s/invalid-value');
    assert.deepEqual(
      finding?.fixes?.map((f) => f.title),
      ["Change to 'LoadBalancer'", "Change to 'ClusterIP'", "Change to 'ExternalName'", "Change to 'NodePort'"],
    );
    assert.deepEqual(errors(applied(text, finding, "Change to 'LoadBalancer'")), []);
  });

  it('never offers the empty string a plain field allows', () => {
    const [finding] = errors(deployment('          imagePullPolicy: Allways'));
    assert.deepEqual(
      finding?.fixes?.map((f) => f.title),
      PULL.map((v) => `Change to '${v}'`),
    );
  });
});

describe('completion and hover name the values', () => {
  const where = (text: string, eol: (typeof lineEndings)[number]) => {
    const { text: body, markers } = fixture(eol.apply(text));
    const position = markers[0];
    assert.ok(position);
    return { file: createSourceFile('file:///w/k8s/app.yaml', 1, body), position };
  };
  for (const eol of lineEndings) {
    it(`imagePullPolicy offers its values, without the empty string (${eol.name})`, () => {
      const { file, position } = where(deployment('          imagePullPolicy: $0'), eol);
      assert.deepEqual(
        getCompletions(file, position, context).map((c) => c.label),
        PULL,
      );
    });

    it(`an item of accessModes offers the access modes (${eol.name})`, () => {
      const { file, position } = where(claim('\n    - $0'), eol);
      assert.deepEqual(
        getCompletions(file, position, context).map((c) => c.label),
        ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'],
      );
    });

    it(`hover on type lists a Service's types (${eol.name})`, () => {
      const { file, position } = where(service('  ty$0pe: ClusterIP\n'), eol);
      assert.match(
        getHover(file, position, context)?.contents ?? '',
        /^\*\*type\*\* \(string\)\n\nValues: `ClusterIP`, `ExternalName`, `LoadBalancer`, `NodePort`\n\n/,
      );
    });
  }
});

describe('the bundles hold the values of schemas/kubernetes/enums.json', () => {
  interface Field {
    readonly go: string;
    readonly releases: Readonly<Record<string, readonly string[]>>;
  }
  const enums = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'kubernetes', 'enums.json'), 'utf8')) as {
    source: { releases: Record<string, { tag: string; commit: string }> };
    fields: Record<string, Record<string, Field>>;
  };
  for (const release of Object.keys(enums.source.releases)) {
    it(`v${release}.json.gz (regenerate it with generate.mjs after enums.json changes)`, () => {
      const bundle = JSON.parse(
        gunzipSync(readFileSync(join(repoRoot, 'schemas', 'kubernetes', `v${release}.json.gz`))).toString('utf8'),
      ) as { definitions: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
      let laid = 0;
      for (const [definition, properties] of Object.entries(enums.fields)) {
        for (const [property, field] of Object.entries(properties)) {
          const values = Object.entries(field.releases).find(([list]) => list.split(' ').includes(release))?.[1];
          const schema = bundle.definitions[definition]?.properties?.[property];
          if (!values || !schema) continue;
          // The field itself, or the items of a list or the values of a map of it.
          const holder = [schema['items'], schema['additionalProperties'], schema].find(
            (h): h is { enum?: string[] } => !!h && typeof h === 'object' && 'enum' in h,
          );
          // A plain field allows "" besides (read as unset); a pointer, list or map item does not.
          const plain = /^\w+(\.\w+)?$/.test(field.go) && !values.includes('');
          assert.deepEqual(holder?.enum, plain ? [...values, ''] : values, `${definition}.${property}`);
          laid++;
        }
      }
      assert.ok(laid >= 80, `only ${laid} fields laid`);
    });
  }
});
