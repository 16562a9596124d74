import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { createSourceFile, getHover, objectsOfFile, type ValidationContext } from '../../server/src/service';
import { fixture, lineEndings } from '../support/fixture';
import { memoryHost } from '../support/memoryHost';

const kubernetes = {
  schemas: createKubernetesSchemaSource(),
  documentedSchemas: createKubernetesSchemaSource({ descriptions: true }),
};

const compose =
  'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    depends_on: [db]\n    networks:\n      - back\n    secrets: [key]\n  db:\n    image: postgres\n    environment:\n      A: "1"\nnetworks:\n  back:\n    driver: bridge\nsecrets:\n  key:\n    file: ./key.txt\n';

const secretText = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-password\nstringData:\n  password: x\n';
const secretFile = createSourceFile('file:///w/secrets/db.yaml', 1, secretText);

const cases: { name: string; path?: string; text: string; context?: ValidationContext; hover: string | RegExp | undefined }[] = [
  {
    name: 'a service in depends_on shows its definition',
    text: compose.replace('[db]', '[d$0b]'),
    hover: '**service `db`** — line 10\n\n```yaml\ndb:\n  image: postgres\n  environment:\n    A: "1"\n```',
  },
  {
    name: 'a network in a list',
    text: compose.replace('- back', '- ba$0ck'),
    hover: '**network `back`** — line 15\n\n```yaml\nback:\n  driver: bridge\n```',
  },
  {
    name: 'a secret',
    text: compose.replace('[key]', '[k$0ey]'),
    hover: /^\*\*secret `key`\*\* — line 18\n\n```yaml\nkey:\n {2}file: \.\/key\.txt\n```$/,
  },
  {
    name: 'an alias shows its anchor',
    text: compose.replace('*base', '*ba$0se'),
    hover: /^\*\*anchor `base`\*\* — line 1\n\n```yaml\nx-base: &base\n {2}restart: always\n```$/,
  },
  {
    name: 'a service of an included file, with the file',
    text: 'include: [db/compose.yaml]\nservices:\n  web:\n    image: x\n    depends_on: [d$0b]\n',
    context: { host: memoryHost({ '/w/db/compose.yaml': 'services:\n  db:\n    image: postgres\n' }) },
    hover: /^\*\*service `db`\*\* — `db\/compose.yaml`, line 2\n/,
  },
  {
    name: 'the definition itself gets the key hover, not itself',
    text: compose.replace('  db:\n    image', '  d$0b:\n    image'),
    hover: undefined,
  },
  {
    name: 'a ConfigMap a container names, from the same file',
    path: '/w/app.yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      envFrom:\n        - configMapRef:\n            name: se$0ttings\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  A: "1"\n',
    context: { kubernetes },
    hover:
      '**ConfigMap `settings`** — line 12\n\n```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  A: "1"\n```',
  },
  {
    name: 'a Secret defined in another file of the workspace',
    path: '/w/app.yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      env:\n        - name: P\n          valueFrom:\n            secretKeyRef:\n              name: db-pass$0word\n              key: password\n',
    context: {
      host: memoryHost({ '/w/secrets/db.yaml': secretText }),
      kubernetes: { ...kubernetes, objects: () => objectsOfFile(secretFile) },
    },
    hover: /^\*\*Secret `db-password`\*\* — `secrets\/db.yaml`, line 1\n\n```yaml\napiVersion: v1\nkind: Secret\n/,
  },
  {
    name: 'a Kubernetes field added in a later release says since when',
    path: '/w/pod.yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostnameOv$0erride: x\n  containers: []\n',
    context: { kubernetes },
    hover: /^\*\*hostnameOverride\*\* \(string\)\n\nKubernetes: since Kubernetes 1\.34 \(not in 1\.32, 1\.33\)\n\n/,
  },
  {
    name: 'a field that a later release dropped',
    path: '/w/pod.yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  workloa$0dRef: {}\n',
    context: { kubernetes: { ...kubernetes, version: '1.35' } },
    hover: /Kubernetes: since Kubernetes 1\.35 \(not in 1\.32, 1\.33, 1\.34\); removed in Kubernetes 1\.36/,
  },
  {
    name: 'a deprecated field says so from its API description',
    path: '/w/pod.yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAcc$0ount: x\n',
    context: { kubernetes },
    hover: /^\*\*serviceAccount\*\* \(string\)\n\n⚠ Deprecated: Deprecated: Use serviceAccountName instead\.\n\n/,
  },
  {
    name: 'a field every release has gets no version note',
    path: '/w/pod.yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNet$0work: true\n',
    context: { kubernetes },
    hover: /^\*\*hostNetwork\*\* \(boolean\)\n\nHost networking/,
  },
];

describe('hover on references and Kubernetes versions', () => {
  for (const c of cases)
    for (const eol of lineEndings)
      it(`${c.name} (${eol.name})`, () => {
        const { text, markers } = fixture(eol.apply(c.text));
        assert.ok(markers[0]);
        const hover = getHover(createSourceFile(`file://${c.path ?? '/w/compose.yaml'}`, 1, text), markers[0], c.context);
        if (c.hover === undefined) return assert.doesNotMatch(hover?.contents ?? '', /^\*\*service/);
        if (typeof c.hover === 'string') assert.equal(hover?.contents, c.hover);
        else assert.match(hover?.contents ?? '', c.hover);
      });
});
