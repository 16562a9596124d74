import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadProject, type ComposeProject, type LoadOptions } from '@stevedore/model';
import { memoryHost } from '../support/memoryHost';

/** Loads `files` (path → text) with the first path as the compose file unless options say otherwise. */
function load(files: Record<string, string>, options: Partial<LoadOptions> = {}): ComposeProject {
  const result = loadProject(memoryHost(files), { files: [Object.keys(files)[0] ?? ''], environment: {}, ...options });
  if (!result.ok) assert.fail(`expected the project to load: ${result.problems.map((p) => p.message).join('; ')}`);
  return result.project;
}

function problems(files: Record<string, string>, options: Partial<LoadOptions> = {}): string[] {
  const result = loadProject(memoryHost(files), { files: [Object.keys(files)[0] ?? ''], environment: {}, ...options });
  assert.equal(result.ok, false, 'expected the project to be refused');
  return result.ok ? [] : result.problems.map((p) => p.message);
}

describe('loadProject: project name', () => {
  const cases: [string, Record<string, string>, Partial<LoadOptions>, string][] = [
    ['folder name, normalised', { '/w/My.App/compose.yaml': 'services: {a: {image: x}}' }, {}, 'myapp'],
    ['name: wins over the folder', { '/w/app/compose.yaml': 'name: Shop_1\nservices: {a: {image: x}}' }, {}, 'shop_1'],
    [
      'name: is interpolated',
      { '/w/app/compose.yaml': 'name: ${P}\nservices: {a: {image: x}}' },
      { environment: { P: 'prod' } },
      'prod',
    ],
    [
      'COMPOSE_PROJECT_NAME from .env wins over name:',
      { '/w/app/compose.yaml': 'name: a\nservices: {a: {image: x}}', '/w/app/.env': 'COMPOSE_PROJECT_NAME=fromenv' },
      {},
      'fromenv',
    ],
    [
      '-p wins over everything',
      { '/w/app/compose.yaml': 'name: a\nservices: {a: {image: x}}' },
      { projectName: 'given', environment: { COMPOSE_PROJECT_NAME: 'env' } },
      'given',
    ],
  ];
  for (const [name, files, options, expected] of cases) it(name, () => assert.equal(load(files, options).name, expected));

  it('refuses an explicit name that is not normal', () => {
    assert.match(
      problems({ '/w/a/compose.yaml': 'services: {a: {image: x}}' }, { projectName: 'Bad Name' })[0] ?? '',
      /project name 'Bad Name'/,
    );
  });
});

describe('loadProject: short syntax becomes long syntax', () => {
  const project = load({
    '/w/app/compose.yaml': `
services:
  web:
    image: nginx:\${TAG:-1.27}
    command: sh -c "echo 'hi there'"
    environment: [A=1, B, "C=x=y"]
    env_file: web.env
    labels: [tier=front]
    ports: ["8080:80", "127.0.0.1:9000-9001:9000-9001/udp", 443]
    volumes: ["./html:/usr/share/nginx/html:ro", "data:/data", "/cache"]
    depends_on: [db]
    secrets: [pw]
    healthcheck: {test: "wget -q -O- localhost", interval: 5s}
  db:
    image: postgres
    networks: [back]
    deploy: {replicas: 0}
volumes: {data: {}}
networks: {back: {}}
secrets: {pw: {file: ./pw.txt}}
`,
    '/w/app/web.env': 'A=from-file\nD=4\n',
  });
  const web = project.services['web'];
  it('interpolates with defaults', () => assert.equal(web?.image, 'nginx:1.27'));
  it('splits a string command as a shell would', () => assert.deepEqual(web?.command, ['sh', '-c', "echo 'hi there'"]));
  it('merges env_file under environment', () => assert.deepEqual(web?.environment, { A: '1', B: null, C: 'x=y', D: '4' }));
  it('turns label lists into maps', () => assert.deepEqual(web?.labels, { tier: 'front' }));
  it('parses ports, expanding ranges', () =>
    assert.deepEqual(web?.ports, [
      { target: 80, published: '8080', protocol: 'tcp', mode: 'ingress' },
      { target: 9000, published: '9000', protocol: 'udp', mode: 'ingress', host_ip: '127.0.0.1' },
      { target: 9001, published: '9001', protocol: 'udp', mode: 'ingress', host_ip: '127.0.0.1' },
      { target: 443, protocol: 'tcp', mode: 'ingress' },
    ]));
  it('parses volumes: bind (absolute), named, anonymous', () =>
    assert.deepEqual(web?.volumes, [
      { type: 'bind', source: '/w/app/html', target: '/usr/share/nginx/html', read_only: true, bind: { create_host_path: true } },
      { type: 'volume', source: 'data', target: '/data' },
      { type: 'volume', target: '/cache' },
    ]));
  it('gives depends_on its long form', () =>
    assert.deepEqual(web?.depends_on, { db: { condition: 'service_started', restart: false, required: true } }));
  it('turns a string healthcheck into CMD-SHELL', () =>
    assert.deepEqual(web?.healthcheck?.test, ['CMD-SHELL', 'wget -q -O- localhost']));
  it('attaches services without networks to default', () => assert.deepEqual(web?.networks, { default: {} }));
  it('adds the default network', () => assert.equal(project.networks['default']?.name, 'app_default'));
  it('scopes names by project', () => {
    assert.equal(project.volumes['data']?.name, 'app_data');
    assert.equal(project.networks['back']?.name, 'app_back');
  });
  it('makes secret files absolute', () => assert.equal(project.secrets['pw']?.file, '/w/app/pw.txt'));
  it('takes replicas from deploy.replicas (0 allowed)', () => {
    assert.equal(project.services['db']?.replicas, 0);
    assert.equal(web?.replicas, 1);
  });
});

describe('loadProject: several files, extends, include, profiles', () => {
  it('merges an override file: maps merge, command replaced, ports by address, volumes by target', () => {
    const project = load(
      {
        '/w/p/compose.yaml':
          'services:\n  a:\n    image: x\n    command: [one]\n    environment: {A: "1", B: "2"}\n    ports: ["80:80"]\n    volumes: ["v:/data"]\nvolumes: {v: {}, w: {}}',
        '/w/p/compose.override.yaml':
          'services:\n  a:\n    command: [two]\n    environment: {B: "3"}\n    ports: ["81:81"]\n    volumes: ["w:/data"]',
      },
      { files: [], projectDirectory: '/w/p' },
    );
    const a = project.services['a'];
    assert.deepEqual(project.configFiles, ['/w/p/compose.yaml', '/w/p/compose.override.yaml']);
    assert.deepEqual(a?.command, ['two']);
    assert.deepEqual(a?.environment, { A: '1', B: '3' });
    assert.deepEqual(
      a?.ports.map((p) => p.target),
      [80, 81],
    );
    assert.deepEqual(a?.volumes, [{ type: 'volume', source: 'w', target: '/data' }]);
  });

  it('honours !reset and !override', () => {
    const project = load(
      {
        '/w/p/compose.yaml': 'services:\n  a:\n    image: x\n    ports: ["80:80"]\n    environment: {A: "1"}',
        '/w/p/more.yaml': 'services:\n  a:\n    ports: !reset []\n    environment: !override {B: "2"}',
      },
      { files: ['/w/p/compose.yaml', '/w/p/more.yaml'] },
    );
    assert.deepEqual(project.services['a']?.ports, []);
    assert.deepEqual(project.services['a']?.environment, { B: '2' });
  });

  it('resolves extends in the same file and from another file, paths relative to that file', () => {
    const project = load({
      '/w/p/compose.yaml':
        'services:\n  base: {image: x, environment: {A: "1"}}\n  a: {extends: base, environment: {B: "2"}}\n  b: {extends: {file: common/c.yaml, service: tool}}',
      '/w/p/common/c.yaml': 'services:\n  tool: {build: ./tool, volumes: ["./conf:/conf"]}',
    });
    assert.deepEqual(project.services['a']?.environment, { A: '1', B: '2' });
    assert.equal(project.services['a']?.image, 'x');
    assert.equal(project.services['b']?.build?.context, '/w/p/common/tool');
    assert.equal(project.services['b']?.volumes[0]?.source, '/w/p/common/conf');
  });

  it('reports an extends loop instead of hanging', () => {
    assert.match(
      problems({ '/w/p/compose.yaml': 'services:\n  a: {image: x, extends: b}\n  b: {image: x, extends: a}' }).join('\n'),
      /loops/,
    );
  });

  it('adds included projects, relative to their own folder', () => {
    const project = load({
      '/w/p/compose.yaml': 'include: [lib/compose.yaml]\nservices:\n  app: {image: x, depends_on: [cache]}',
      '/w/p/lib/compose.yaml': 'services:\n  cache: {image: redis, volumes: ["./data:/data"]}',
    });
    assert.deepEqual(Object.keys(project.services).sort(), ['app', 'cache']);
    assert.equal(project.services['cache']?.volumes[0]?.source, '/w/p/lib/data');
  });

  it('applies profiles: COMPOSE_PROFILES or the option', () => {
    const files = { '/w/p/compose.yaml': 'services:\n  a: {image: x}\n  dbg: {image: x, profiles: [debug]}' };
    assert.deepEqual(Object.keys(load(files).services), ['a']);
    assert.deepEqual(Object.keys(load(files).disabledServices), ['dbg']);
    assert.deepEqual(Object.keys(load(files, { profiles: ['debug'] }).services), ['a', 'dbg']);
    assert.deepEqual(Object.keys(load(files, { environment: { COMPOSE_PROFILES: 'debug' } }).services), ['a', 'dbg']);
  });

  it('reads a 0-prefixed mode as octal, as compose does', () => {
    const project = load({
      '/w/p/compose.yaml': 'services:\n  a: {image: x, secrets: [{source: s, mode: 0400}]}\nsecrets: {s: {file: s.txt}}',
    });
    assert.equal(project.services['a']?.secrets[0]?.mode, 0o400);
  });

  it('stack mode reads no .env and ignores profiles', () => {
    const files = { '/w/s/stack.yml': 'services:\n  a: {image: "x:${T:-none}", profiles: [p]}', '/w/s/.env': 'T=dotenv' };
    const project = load(files, { stack: true, projectName: 's' });
    assert.equal(project.services['a']?.image, 'x:none');
  });
});

describe('loadProject: what stops a deploy', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['YAML errors, with a position', { '/w/p/compose.yaml': 'services:\n  a: [\n' }, /compose\.yaml:\d+:\d+/],
    [
      'a required variable unset',
      { '/w/p/compose.yaml': 'services:\n  a: {image: "${IMG:?set IMG}"}' },
      /required variable IMG is missing a value: set IMG/,
    ],
    [
      'an undefined network',
      { '/w/p/compose.yaml': 'services:\n  a: {image: x, networks: [nope]}' },
      /network nope, which is not defined/,
    ],
    ['an undefined volume', { '/w/p/compose.yaml': 'services:\n  a: {image: x, volumes: ["nope:/d"]}' }, /volume nope/],
    [
      'a dependency left out by profiles',
      { '/w/p/compose.yaml': 'services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, profiles: [p]}' },
      /not enabled by the active profiles/,
    ],
    ['neither image nor build', { '/w/p/compose.yaml': 'services:\n  a: {command: [x]}' }, /neither image nor build/],
    ['a missing env_file', { '/w/p/compose.yaml': 'services:\n  a: {image: x, env_file: gone.env}' }, /gone\.env cannot be read/],
    [
      'an unterminated quote in command',
      { '/w/p/compose.yaml': 'services:\n  a: {image: x, command: "echo \'oops"}' },
      /unterminated single quote/,
    ],
    ['no file at all', { '/w/p/other.txt': '' }, /no compose file in \/w\/p/],
  ];
  for (const [name, files, expected] of cases)
    it(name, () =>
      assert.match(
        problems(files, name === 'no file at all' ? { files: [], projectDirectory: '/w/p' } : {}).join('\n'),
        expected,
      ),
    );
});
