import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import {
  createSourceFile,
  getCompletions,
  getDefinition,
  getDocumentLinks,
  getDocumentSymbols,
  getHover,
  getReferences,
  getRenameEdits,
  getWorkspaceSymbols,
  objectsOfFile,
  type ValidationContext,
} from '../../server/src/service';
import { fixture, lineEndings } from '../support/fixture';
import { memoryHost } from '../support/memoryHost';

const kubernetes = {
  schemas: createKubernetesSchemaSource(),
  documentedSchemas: createKubernetesSchemaSource({ descriptions: true }),
};

/** Runs `check` on the fixture at its `$0` cursor, in LF and CRLF. */
function atCursor(
  name: string,
  path: string,
  source: string,
  check: (file: ReturnType<typeof createSourceFile>, position: { line: number; character: number }) => void,
): void {
  for (const eol of lineEndings) {
    it(`${name} (${eol.name})`, () => {
      const { text, markers } = fixture(eol.apply(source));
      const position = markers[0];
      assert.ok(position, 'the fixture has a $0 cursor');
      check(createSourceFile(`file://${path}`, 1, text), position);
    });
  }
}

const deployment = (container: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n${container}\n`;

const labels = (items: readonly { label: string }[]): string[] => items.map((i) => i.label);

describe('completion', () => {
  atCursor(
    'keys of a service, without those already written',
    '/w/compose.yaml',
    'services:\n  web:\n    image: nginx\n    rest$0\n    ports: []\n',
    (file, position) => {
      const items = getCompletions(file, position);
      assert.deepEqual(labels(items), ['restart']);
      assert.equal(items[0]?.snippet, 'restart: $0');
      assert.match(items[0]?.documentation ?? '', /Restart policy/);
    },
  );
  atCursor(
    'a half-typed key on a line that does not parse',
    '/w/compose.yaml',
    'services:\n  web:\n    image: nginx\n    heal$0\n  db: {image: x\n',
    (file, position) => {
      assert.deepEqual(labels(getCompletions(file, position)), ['healthcheck']);
    },
  );
  atCursor('the values restart takes', '/w/compose.yaml', 'services:\n  web:\n    restart: $0\n', (file, position) => {
    assert.deepEqual(labels(getCompletions(file, position)), ['no', 'always', 'on-failure', 'unless-stopped']);
  });
  atCursor('booleans', '/w/compose.yaml', 'services:\n  web:\n    privileged: $0\n', (file, position) => {
    assert.deepEqual(labels(getCompletions(file, position)), ['true', 'false']);
  });
  atCursor(
    'service names in depends_on, not the service itself',
    '/w/compose.yaml',
    'services:\n  web:\n    depends_on:\n      - $0\n  db:\n    image: x\n  cache:\n    image: y\n',
    (file, position) => {
      assert.deepEqual(labels(getCompletions(file, position)), ['db', 'cache']);
    },
  );
  atCursor(
    'service names in a flow depends_on, not the service itself',
    '/w/compose.yaml',
    'services:\n  db:\n    image: x\n  web:\n    depends_on: [db, $0]\n  cache:\n    image: y\n',
    (file, position) => {
      assert.deepEqual(labels(getCompletions(file, position)), ['db', 'cache']);
    },
  );
  atCursor(
    "depends_on's long form: the other services as keys, not the service itself nor those written",
    '/w/compose.yaml',
    'services:\n  web:\n    depends_on:\n      db:\n        condition: service_started\n      $0\n  db:\n    image: x\n  cache:\n    image: y\n',
    (file, position) => {
      const items = getCompletions(file, position);
      assert.deepEqual(labels(items), ['cache']);
      assert.equal(items[0]?.snippet, 'cache:\n  $0');
    },
  );
  atCursor(
    'a network named like the service is still offered (only services leave the service itself out)',
    '/w/compose.yaml',
    'services:\n  web:\n    networks:\n      - $0\nnetworks:\n  web: {}\n  back: {}\n',
    (file, position) => {
      assert.deepEqual(labels(getCompletions(file, position)), ['web', 'back']);
    },
  );
  atCursor(
    'defined networks in a service',
    '/w/compose.yaml',
    'services:\n  web:\n    networks:\n      - $0\nnetworks:\n  front: {}\n  back: {}\n',
    (file, position) => {
      assert.deepEqual(labels(getCompletions(file, position)), ['front', 'back']);
    },
  );
  atCursor(
    'a stack file completes from the v3 schema',
    '/w/docker-stack.yml',
    'version: "3.8"\nservices:\n  web:\n    deploy:\n      restart_pol$0\n',
    (file, position) => {
      assert.deepEqual(labels(getCompletions(file, position)), ['restart_policy']);
    },
  );
  atCursor(
    'Kubernetes fields of the document kind',
    '/w/k8s.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          imagePu$0\n',
    (file, position) => {
      assert.deepEqual(labels(getCompletions(file, position, { kubernetes })), ['imagePullPolicy']);
    },
  );
  atCursor('Kubernetes kinds for the apiVersion', '/w/k8s.yaml', 'apiVersion: batch/v1\nkind: $0\n', (file, position) => {
    assert.deepEqual(labels(getCompletions(file, position, { kubernetes })), ['CronJob', 'Job']);
  });
  atCursor('no …List kinds to write', '/w/k8s.yaml', 'apiVersion: apps/v1\nkind: $0\n', (file, position) => {
    const kinds = labels(getCompletions(file, position, { kubernetes }));
    assert.ok(kinds.includes('DaemonSet') && kinds.includes('Deployment'), kinds.join(', '));
    assert.deepEqual(
      kinds.filter((kind) => kind.endsWith('List')),
      [],
    );
  });
  atCursor('Kubernetes apiVersions for the kind', '/w/k8s.yaml', 'apiVersion: $0\nkind: Ingress\n', (file, position) => {
    assert.deepEqual(labels(getCompletions(file, position, { kubernetes })), ['networking.k8s.io/v1']);
  });
});

describe('completion of names from elsewhere', () => {
  atCursor(
    'variables of the .env inside ${',
    '/w/compose.yaml',
    'services:\n  web:\n    image: "nginx:${T$0"\n',
    (file, position) => {
      const context: ValidationContext = { host: memoryHost({ '/w/.env': 'TAG=1.27\nTIMEOUT=5\nPORT=80\n' }) };
      assert.deepEqual(labels(getCompletions(file, position, context)), ['TAG', 'TIMEOUT']);
    },
  );
  atCursor(
    'ConfigMaps of the workspace where a configMapRef goes',
    '/w/k8s/deploy.yaml',
    `${deployment('          envFrom:\n            - configMapRef:\n                name: $0')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n`,
    (file, position) => {
      assert.deepEqual(labels(getCompletions(file, position, { kubernetes })), ['settings']);
    },
  );
});

describe('hover', () => {
  atCursor(
    'a key shows its schema description and type',
    '/w/compose.yaml',
    'services:\n  web:\n    ima$0ge: nginx\n',
    (file, position) => {
      const hover = getHover(file, position);
      assert.match(hover?.contents ?? '', /^\*\*image\*\* \(string\)\n\nSpecify the image/);
      assert.deepEqual(hover?.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } });
    },
  );
  atCursor(
    'a variable shows its value and the .env line it comes from',
    '/w/compose.yaml',
    'services:\n  web:\n    image: "nginx:${T$0AG}"\n',
    (file, position) => {
      const context: ValidationContext = { host: memoryHost({ '/w/.env': '# versions\nTAG=1.27\n' }) };
      assert.equal(getHover(file, position, context)?.contents, '`TAG` = `1.27` — from .env, line 2');
    },
  );
  atCursor(
    'a Kubernetes field shows its API documentation',
    '/w/k8s.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  repl$0icas: 2\n',
    (file, position) => {
      assert.match(
        getHover(file, position, { kubernetes })?.contents ?? '',
        /^\*\*replicas\*\* \(integer\)\n\nNumber of desired pods/,
      );
    },
  );
  atCursor(
    'an unset variable with a default says so',
    '/w/compose.yaml',
    'services:\n  web:\n    image: "nginx:${T$0AG:-latest}"\n',
    (file, position) => {
      assert.equal(getHover(file, position)?.contents, '`TAG` is not set: the default `latest` applies');
    },
  );
});

describe('document symbols', () => {
  atCursor(
    'Compose sections and their entries',
    '/w/compose.yaml',
    '$0services:\n  web: {image: a}\n  db: {image: b}\nnetworks:\n  back: {}\nx-anchors: {}\n',
    (file) => {
      assert.deepEqual(
        getDocumentSymbols(file).map((s) => [s.name, s.children.map((c) => c.name)]),
        [
          ['services', ['web', 'db']],
          ['networks', ['back']],
        ],
      );
    },
  );
  atCursor(
    'Kind/name per Kubernetes document',
    '/w/k8s.yaml',
    '$0apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    (file) => {
      assert.deepEqual(
        getDocumentSymbols(file).map((s) => [s.name, s.detail, s.range.start.line]),
        [
          ['Service/web', 'v1', 0],
          ['Deployment/web', 'apps/v1', 4],
        ],
      );
    },
  );
});

const navigation =
  'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    depends_on: [db]\n    volumes_from: ["db:ro"]\n    networks: [back]\n  db:\n    image: x\nnetworks:\n  back: {}\n';

describe('navigation', () => {
  const starts = (locations: readonly { range: { start: { line: number; character: number } } }[]): string[] =>
    locations.map((l) => `${l.range.start.line}:${l.range.start.character}`);
  atCursor('go to the service a depends_on names', '/w/compose.yaml', navigation.replace('[db]', '[d$0b]'), (file, position) => {
    assert.deepEqual(getDefinition(file, position)?.range, { start: { line: 8, character: 2 }, end: { line: 8, character: 4 } });
  });
  atCursor('go to the anchor of an alias', '/w/compose.yaml', navigation.replace('*base', '*ba$0se'), (file, position) => {
    assert.deepEqual(getDefinition(file, position)?.range.start, { line: 0, character: 9 });
  });
  atCursor(
    'every use of a service, inside "db:ro" too',
    '/w/compose.yaml',
    navigation.replace('  db:\n', '  d$0b:\n'),
    (file, position) => {
      assert.deepEqual(starts(getReferences(file, position, true)), ['8:2', '5:17', '6:20']);
    },
  );
  atCursor(
    'rename a network everywhere',
    '/w/compose.yaml',
    navigation.replace('  back: {}', '  ba$0ck: {}'),
    (file, position) => {
      assert.deepEqual(
        getRenameEdits(file, position, 'backend')?.map(
          (e) => `${e.range.start.line}:${e.range.start.character}-${e.range.end.character}`,
        ),
        ['11:2-6', '7:15-19'],
      );
    },
  );
  atCursor('nothing to rename on an image', '/w/compose.yaml', navigation.replace('image: x', 'image: $0x'), (file, position) => {
    assert.equal(getRenameEdits(file, position, 'y'), undefined);
  });
});

describe('document links', () => {
  atCursor(
    'to the env files, build context and secret files that exist',
    '/w/compose.yaml',
    '$0services:\n  web:\n    build: ./app\n    env_file: [web.env, missing.env]\nsecrets:\n  key:\n    file: ./key.txt\n',
    (file) => {
      const host = memoryHost({ '/w/app/Dockerfile': 'FROM scratch\n', '/w/web.env': 'A=1\n', '/w/key.txt': 'k' });
      assert.deepEqual(
        getDocumentLinks(file, { host }).map((l) => [l.range.start.line, l.target]),
        [
          [3, 'file:///w/web.env'],
          [2, 'file:///w/app'],
          [6, 'file:///w/key.txt'],
        ],
      );
    },
  );
});

describe('Kubernetes navigation', () => {
  const configMap = createSourceFile(
    'file:///w/k8s/config.yaml',
    1,
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {A: "1"}\n',
  );
  atCursor(
    'from a configMapRef to the ConfigMap in another file',
    '/w/k8s/deploy.yaml',
    deployment('          envFrom: [{configMapRef: {name: sett$0ings}}]'),
    (file, position) => {
      const context: ValidationContext = { kubernetes: { objects: () => objectsOfFile(configMap) } };
      assert.deepEqual(getDefinition(file, position, context), {
        uri: 'file:///w/k8s/config.yaml',
        range: { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } },
      });
    },
  );
  it('workspace symbols list Kind/name, filtered by the query', () => {
    const symbols = getWorkspaceSymbols(objectsOfFile(configMap), 'config');
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.location.uri]),
      [['ConfigMap/settings', 'v1', 'file:///w/k8s/config.yaml']],
    );
    assert.deepEqual(getWorkspaceSymbols(objectsOfFile(configMap), 'secret'), []);
  });
});
