import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { createSourceFile, getCompletions, objectsOfFile, type ValidationContext } from '../../server/src/service';
import { fixture, lineEndings } from '../support/fixture';

const workload = (kind: string, name: string, labels: string): string =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {${labels}}\n  template:\n    metadata:\n      labels: {${labels}}\n    spec:\n      containers: [{name: a, image: x}]\n`;
const others = createSourceFile(
  'file:///w/workloads.yaml',
  1,
  [workload('Deployment', 'web', 'app: web, tier: front'), workload('StatefulSet', 'db', 'app: db, tier: back')].join('---\n'),
);
const context: ValidationContext = {
  kubernetes: { schemas: createKubernetesSchemaSource(), objects: () => objectsOfFile(others) },
};

const service = (selector: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [{port: 80}]\n  selector:\n${selector}`;

const cases: { name: string; text: string; labels: string[]; snippet?: string; detail?: string }[] = [
  {
    name: 'label keys of the pod templates in a Service selector',
    text: service('    $0\n'),
    labels: ['app', 'tier'],
    snippet: 'app: $0',
  },
  { name: 'keys already written are not offered again', text: service('    app: web\n    t$0\n'), labels: ['tier'] },
  {
    name: 'the values of a key, naming the workloads',
    text: service('    tier: $0\n'),
    labels: ['back', 'front'],
    detail: 'StatefulSet/db',
  },
  { name: 'half-typed, before the rest of the file', text: service('    app: w$0\n  type: [\n'), labels: ['db', 'web'] },
  {
    name: 'matchLabels of a workload',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: $0\n',
    labels: ['db', 'web'],
  },
];

describe('Service selector completion', () => {
  for (const c of cases)
    for (const eol of lineEndings)
      it(`${c.name} (${eol.name})`, () => {
        const { text, markers } = fixture(eol.apply(c.text));
        assert.ok(markers[0]);
        const items = getCompletions(createSourceFile('file:///w/service.yaml', 1, text), markers[0], context);
        assert.deepEqual(
          items.map((i) => i.label),
          c.labels,
        );
        if (c.snippet) assert.equal(items[0]?.snippet, c.snippet);
        if (c.detail) assert.equal(items[0]?.detail, c.detail);
      });
});
