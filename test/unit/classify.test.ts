import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { K8S_CODES } from '../../server/src/service/kubernetes/validateKubernetes';
import { CODE, PRACTICE_CODES } from '../../server/src/service/rules/registry';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { classifyFile, createSourceFile, documentKinds, validate, type FileKind } from '../../server/src/service';

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
  // A stream of both: the first document decides what the file is; each document is judged by its own kind.
  ['/w/all.yaml', 'apiVersion: v1\nkind: ConfigMap\n---\nservices:\n  web: {}\n', 'kubernetes'],
  ['/w/all.yaml', 'services:\n  web: {}\n---\napiVersion: v1\nkind: Pod\n', 'compose'],
];

describe('classifyFile', () => {
  for (const [name, text, kind] of cases) {
    it(`${name} ${JSON.stringify(text.slice(0, 24))} is ${kind}`, () => {
      assert.equal(classifyFile(name, text), kind);
      assert.equal(classifyFile(name, text.replace(/\n/g, '\r\n')), kind);
    });
  }
});

const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {debug: on}\n';
const compose = 'services:\n  app:\n    image: alpine\n    mem_limit: lots\n';
const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n';
const schemas = createKubernetesSchemaSource();

/** The codes found in each document of a file, in document order (by the line each diagnostic starts on). */
function codesPerDocument(path: string, text: string): string[][] {
  const file = createSourceFile(`file://${path}`, 1, text);
  const starts = file.yaml.documents.map((d) => file.yaml.positionAt(d.range[0]).line);
  const perDocument = starts.map((): string[] => []);
  for (const d of validate(file, { kubernetes: { schemas } }).filter((d) => !PRACTICE_CODES.includes(d.code))) {
    const index = starts.filter((line) => line <= d.range.start.line).length - 1;
    perDocument[Math.max(0, index)]?.push(d.code);
  }
  return perDocument.map((found) => found.sort());
}

describe('a file of Compose and Kubernetes documents is judged document by document', () => {
  it('documentKinds: manifests by apiVersion and kind, the first other document of a compose file as the project', () => {
    const kinds = (path: string, text: string): unknown => {
      const file = createSourceFile(`file://${path}`, 1, text);
      return documentKinds(file.kind, file.yaml.documents);
    };
    assert.deepEqual(kinds('/w/all.yaml', [configMap, compose, pod].join('---\n')), ['kubernetes', 'compose', 'kubernetes']);
    assert.deepEqual(kinds('/w/compose.yaml', [compose, pod, compose].join('---\n')), ['compose', 'kubernetes', undefined]);
    assert.deepEqual(kinds('/w/docker-stack.yml', [pod, compose].join('---\n')), ['kubernetes', 'stack']);
    assert.deepEqual(kinds('/w/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n'), [
      undefined,
    ]);
  });

  for (const eol of ['\n', '\r\n']) {
    const name = eol === '\n' ? 'LF' : 'CRLF';
    it(`a manifest, then a compose project, then a manifest (${name})`, () => {
      const text = [configMap, compose, pod].join('---\n').replace(/\n/g, eol);
      assert.deepEqual(codesPerDocument('/w/all.yaml', text), [
        [CODE.yamlRetypedValue],
        [CODE.composeInvalidValue],
        [K8S_CODES.missingKey],
      ]);
    });
    it(`a compose file whose second document is a manifest (${name})`, () => {
      const text = [compose, configMap].join('---\n').replace(/\n/g, eol);
      assert.deepEqual(codesPerDocument('/w/compose.yaml', text), [[CODE.composeInvalidValue], [CODE.yamlRetypedValue]]);
    });
  }
});
