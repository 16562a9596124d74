import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyFile, type FileKind } from '../../server/src/service';

const cases: readonly [name: string, text: string, kind: FileKind][] = [
  ['/w/compose.yaml', '', 'compose'],
  ['/w/compose.override.yml', '', 'compose'],
  ['/w/docker-compose.prod.yaml', '', 'compose'],
  ['/w/docker-stack.yml', 'services: {}\n', 'stack'],
  ['/w/app.stack.yaml', '', 'stack'],
  ['/w/stack.yml', '', 'stack'],
  ['C:\\w\\docker-stack.yml', '', 'stack'],
  ['/w/app.yaml', 'services:\n  web: {}\n', 'compose'],
  ['/w/app.yaml', '# stevedore: stack\nservices:\n  web: {}\n', 'stack'],
  ['/w/compose.yaml', '# stevedore: kubernetes\napiVersion: v1\nkind: Pod\n', 'kubernetes'],
  ['/w/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\n', 'kubernetes'],
  ['/w/values.yaml', 'replicas: 3\n', 'yaml'],
  ['/w/notcompose.yaml', 'x:\n  services: {}\n', 'yaml'],
];

describe('classifyFile', () => {
  for (const [name, text, kind] of cases) {
    it(`${name} ${JSON.stringify(text.slice(0, 24))} is ${kind}`, () => {
      assert.equal(classifyFile(name, text), kind);
      assert.equal(classifyFile(name, text.replace(/\n/g, '\r\n')), kind);
    });
  }
});
