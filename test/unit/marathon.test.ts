import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import {
  classifyFile,
  createSourceFile,
  formatDocument,
  getCompletions,
  getHover,
  validate,
  WorkspaceSession,
} from '../../server/src/service';
import { marathonSchema } from '../../server/src/service/schemaData';
import { fixture } from '../support/fixture';
import { memoryHost } from '../support/memoryHost';
import { repoRoot } from '../support/paths';
import { stevedore } from '../support/stevedoreCli';

const examples = join(repoRoot, 'schemas', 'marathon', 'examples');
const exampleFiles = readdirSync(examples).filter((f) => f.endsWith('.json'));

/**
 * What Marathon itself refuses in its API examples, by file: app.json sets `cmd` and `args` together, which its
 * AppValidation (`containsCmdArgsOrContainer`) rejects. Every other example must be clean.
 */
const REFUSED_BY_MARATHON: Readonly<Record<string, readonly string[]>> = { 'app.json': ['marathon/cmd-and-args'] };

describe('Marathon: the API examples (schemas/marathon/examples)', () => {
  it('are all here: app, app with a check, a list of apps, group, pod', () => {
    assert.deepEqual(exampleFiles.sort(), [
      'app-check-http-example.json',
      'app.json',
      'apps_create.json',
      'group.json',
      'pod.json',
    ]);
  });
  for (const name of exampleFiles) {
    it(`${name} has no error but what Marathon refuses`, () => {
      const file = createSourceFile(
        pathToFileURL(join(examples, name)).href,
        1,
        readFileSync(join(examples, name), 'utf8'),
        'marathon',
      );
      const diagnostics = validate(file);
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        REFUSED_BY_MARATHON[name] ?? [],
        JSON.stringify(diagnostics.map((d) => [d.code, d.range.start, d.message])),
      );
    });
  }

  it('the committed schema is what convert.mjs makes from the RAML', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'schemas', 'marathon', 'convert.mjs'), '--check'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
});

describe('Marathon: which files are definitions', () => {
  const pod = readFileSync(join(examples, 'pod.json'), 'utf8');
  const group = readFileSync(join(examples, 'group.json'), 'utf8');
  const appCheck = readFileSync(join(examples, 'app-check-http-example.json'), 'utf8');
  const cases: readonly [path: string, text: string, kind: string][] = [
    ['/w/marathon.json', '{}', 'marathon'],
    ['/w/marathon-web.json', '', 'marathon'],
    ['/w/deploy/web.marathon.json', '{"id": "x"}', 'marathon'],
    ['C:\\w\\Marathon.JSON', '{}', 'marathon'],
    // By content: an app (how to run it, what it needs), a pod, a group.
    ['/w/web.json', appCheck, 'marathon'],
    ['/w/web.json', '{"id": "/web", "container": {"docker": {"image": "nginx"}}, "instances": 2}', 'marathon'],
    ['/w/p.json', pod, 'marathon'],
    ['/w/g.json', group, 'marathon'],
    ['/w/half-typed.json', '{"id": "/web", "cmd": "sleep 1", "mem": 32, "container": {', 'marathon'],
    // Ordinary JSON is not claimed.
    ['/w/package.json', '{"name": "x", "version": "1.0.0", "scripts": {"test": "node --test"}}', 'yaml'],
    ['/w/tsconfig.json', '{"compilerOptions": {"strict": true}, "include": ["src"]}', 'yaml'],
    ['/w/record.json', '{"id": "42", "cmd": "ls", "owner": "me"}', 'yaml'],
    ['/w/ids.json', '{"id": 7, "cmd": "ls", "cpus": 1}', 'yaml'],
    ['/w/menu.json', '{"id": "menu", "groups": [{"label": "File"}]}', 'yaml'],
    ['/w/k8s-pod.json', '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "c", "image": "nginx"}]}}', 'yaml'],
    ['/w/list.json', '[{"id": "/a", "cmd": "x", "cpus": 1}]', 'yaml'],
    // A Marathon-looking name that is not JSON stays what its name says.
    ['/w/marathon.yaml', 'services:\n  web: {}\n', 'compose'],
  ];
  for (const [path, text, kind] of cases) {
    it(`${path} ${JSON.stringify(text.slice(0, 30))} is ${kind}`, () => assert.equal(classifyFile(path, text), kind));
  }

  it('stevedore.marathonFiles makes any file a definition, and a list of apps is checked as one', async () => {
    const uri = 'file:///w/mesos/apps.json';
    const text = '[{"id": "/a", "cmd": "x", "instances": -1}]';
    const session = new WorkspaceSession({ host: memoryHost({}) });
    assert.equal(session.open(uri, 1, text).kind, 'yaml');
    assert.deepEqual(await session.diagnostics(uri), []);
    session.configure({ marathonFiles: ['mesos/*.json'] });
    assert.equal(session.file(uri)?.kind, 'marathon');
    const found = await session.diagnostics(uri);
    assert.deepEqual(
      found?.map((d) => [d.code, d.range.start]),
      [['marathon/negative-instances', { line: 0, character: text.indexOf('-1') }]],
    );
  });
});

/** A file named marathon.json with a `$0` cursor. */
function at(source: string): { file: ReturnType<typeof createSourceFile>; position: { line: number; character: number } } {
  const { text, markers } = fixture(source);
  const position = markers[0];
  assert.ok(position);
  return { file: createSourceFile('file:///w/marathon.json', 1, text), position };
}

describe('Marathon: completion and hover from the schema', () => {
  it('completes the keys of an app that are not written yet, replacing the typed string with a JSON key', () => {
    const { file, position } = at('{\n  "id": "/web",\n  "cmd": "x",\n  "c$0"\n}\n');
    const items = getCompletions(file, position);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('container') && labels.includes('cpus') && labels.includes('constraints'), labels.join());
    assert.ok(!labels.includes('cmd') && !labels.includes('id') && !labels.includes('instances'), labels.join());
    const container = items.find((i) => i.label === 'container');
    assert.deepEqual(container?.edit, {
      range: { start: { line: 3, character: 2 }, end: { line: 3, character: 5 } },
      newText: '"container": {$0}',
    });
    const cpus = items.find((i) => i.label === 'cpus');
    const schema = marathonSchema as unknown as {
      definitions: { AppDefinition: { properties: { cpus: { description: string } } } };
    };
    assert.equal(cpus?.documentation, schema.definitions.AppDefinition.properties.cpus.description);
    assert.equal(cpus?.detail, 'number');
  });

  it('completes the keys of a pod and of a nested object, and enumerated values as JSON strings', () => {
    const pod = at('{"id": "/p", "containers": [{"name": "c", $0}]}');
    assert.ok(
      getCompletions(pod.file, pod.position)
        .map((i) => i.label)
        .includes('resources'),
    );
    const type = at('{"id": "/web", "container": {"type": "$0"}}');
    const values = getCompletions(type.file, type.position);
    assert.deepEqual(values.map((i) => i.edit?.newText).sort(), ['"DOCKER"', '"MESOS"']);
  });

  it('gives a client without snippets plain text', () => {
    const { file, position } = at('{"id": "/web", $0}');
    const cmd = getCompletions(file, position, undefined, { snippets: false, markdown: false }).find((i) => i.label === 'cmd');
    assert.equal(cmd?.edit?.newText, '"cmd": ""');
  });

  it('hovers a key with its type and the RAML description', () => {
    const { file, position } = at('{\n  "id": "/web",\n  "inst$0ances": 2\n}\n');
    const hover = getHover(file, position);
    assert.ok(hover);
    assert.match(hover.contents, /^\*\*instances\*\* \(integer\)\n\nThe number of instances of this application to start\./);
    assert.deepEqual(hover.range, { start: { line: 2, character: 3 }, end: { line: 2, character: 12 } });
  });

  it('leaves the JSON layout alone: no formatting', () => {
    const file = createSourceFile('file:///w/marathon.json', 1, '{\n"id": "/a",\n      "cmd": "x"}\n');
    assert.deepEqual(formatDocument(file, { tabSize: 2, insertSpaces: true }), { refused: 'Stevedore formats YAML, not JSON' });
  });
});

describe('stevedore check and Marathon files', () => {
  it('finds a definition by its content, leaves other JSON alone, and checks any file with --kind marathon', () => {
    const checked = stevedore('check', join(examples, 'app.json'));
    assert.equal(checked.code, 1, checked.out + checked.err);
    assert.match(checked.out, /app\.json:11:3: error marathon\/cmd-and-args /);
    const list = stevedore('check', '--kind', 'marathon', join(examples, 'apps_create.json'));
    assert.equal(list.code, 0, list.out + list.err);
    const dir = mkdtempSync(join(tmpdir(), 'stevedore-marathon-'));
    try {
      const other = join(dir, 'package.json');
      writeFileSync(other, '{"name": "x", "version": "1.0.0"}\n');
      const skipped = stevedore('check', other);
      assert.equal(skipped.code, 0);
      assert.match(skipped.err, /not a Compose, stack, Kubernetes, kustomization or Marathon file/);
      const forced = stevedore('check', '--kind', 'marathon', other);
      assert.equal(forced.code, 1);
      assert.match(forced.out, /package\.json:1:1: error marathon\/missing-key the top level needs 'id'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
