import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type Docker from 'dockerode';
import {
  canonicalServiceConfig,
  containerCreateOptions,
  describeConfigChanges,
  parseBytes,
  parseDuration,
  planCompose,
  describeOperation,
  serviceConfigHash,
  type ObservedContainer,
  type ObservedProject,
} from '../../client/src/engine';
import { isIgnored, parseDockerignore } from '../../client/src/engine/dockerignore';
import { cycleMessage, loadProject, type ComposeProject } from '@stevedore/model';
import { memoryHost } from '../support/memoryHost';

function project(text: string, extra: Record<string, string> = {}): ComposeProject {
  const result = loadProject(memoryHost({ '/w/shop/compose.yaml': text, ...extra }), {
    files: ['/w/shop/compose.yaml'],
    environment: { TOKEN: 't0k' },
  });
  if (!result.ok) assert.fail(result.problems.map((p) => p.message).join('; '));
  return result.project;
}

describe('units', () => {
  const durations: [string, number][] = [
    ['30s', 30e9],
    ['1m30s', 90e9],
    ['500ms', 5e8],
    ['1h', 3600e9],
    ['1.5s', 1.5e9],
    ['0', 0],
  ];
  for (const [text, ns] of durations) it(`duration ${text}`, () => assert.equal(parseDuration(text), ns));
  const sizes: [string, number][] = [
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['100000', 100000],
    ['64k', 65536],
  ];
  for (const [text, bytes] of sizes) it(`size ${text}`, () => assert.equal(parseBytes(text), bytes));
  it('refuses what it cannot read', () => {
    assert.throws(() => parseDuration('soon'), /invalid duration 'soon'/);
    assert.throws(() => parseBytes('lots'), /invalid size 'lots'/);
  });
});

describe('.dockerignore', () => {
  const rules = parseDockerignore('# comment\nnode_modules\n*.log\n**/secret.txt\n/build\n!build/keep.txt\ndocs/?.md\n');
  const cases: [string, boolean][] = [
    ['node_modules/x/y.js', true],
    ['app.log', true],
    ['src/app.log', false],
    ['a/b/secret.txt', true],
    ['secret.txt', true],
    ['build/out.bin', true],
    ['build/keep.txt', false],
    ['docs/a.md', true],
    ['docs/ab.md', false],
    ['src/index.js', false],
  ];
  for (const [path, ignored] of cases)
    it(`${path} ${ignored ? 'is' : 'is not'} left out`, () => assert.equal(isIgnored(rules, path), ignored));
});

describe('config hash and change descriptions', () => {
  const base = project('services:\n  web: {image: nginx, environment: {A: "1"}, deploy: {replicas: 2}}').services['web'];
  it('leaves replicas, build, depends_on and profiles out, so scaling never recreates', () => {
    const scaled = project(
      'services:\n  web: {image: nginx, environment: {A: "1"}, deploy: {replicas: 5}, depends_on: [db], build: ., profiles: [p]}\n  db: {image: x}',
    ).disabledServices['web'];
    assert.equal(serviceConfigHash(base), serviceConfigHash(scaled));
  });
  it('does not depend on key order', () => {
    const reordered = project('services:\n  web: {environment: {A: "1"}, deploy: {replicas: 2}, image: nginx}').services['web'];
    assert.equal(serviceConfigHash(base), serviceConfigHash(reordered));
  });
  it('names the fields that changed, never their values', () => {
    const changed = project('services:\n  web: {image: nginx:2, environment: {A: "secret-value", B: "x"}}').services['web'];
    const changes = describeConfigChanges(canonicalServiceConfig(base), canonicalServiceConfig(changed));
    assert.deepEqual(changes, ['environment.A', 'environment.B', 'image']);
    assert.doesNotMatch(changes.join(' '), /secret-value/);
  });
});

describe('container specs as compose makes them', () => {
  const p = project(
    `name: shop
services:
  db: {image: postgres}
  web:
    image: nginx
    command: nginx -g "daemon off;"
    environment: [A=1, TOKEN, MISSING]
    ports: ["127.0.0.1:8080:80", "9000-9001:9000-9001/udp"]
    volumes: ["./html:/usr/share/nginx/html:ro", "data:/data", "/cache", {type: tmpfs, target: /tmp, tmpfs: {size: 1m}}]
    networks: {front: {aliases: [www]}, back: {}}
    depends_on: {db: {condition: service_healthy, restart: true}}
    secrets: [pw, token]
    healthcheck: {test: "curl -f localhost", interval: 10s, retries: 3}
    restart: on-failure:3
    mem_limit: 256m
    cpus: 0.5
    cap_add: [NET_ADMIN]
    extra_hosts: ["db.local=10.0.0.5"]
volumes: {data: {}}
networks: {front: {}, back: {}}
secrets: {pw: {file: ./pw.txt}, token: {environment: TOKEN}}
`,
  );
  const spec = containerCreateOptions({
    project: p,
    service: p.services['web'],
    number: 2,
    imageId: 'sha256:abc',
    apiVersion: '1.41',
  });
  const o = spec.options;
  const host = o.HostConfig as Docker.HostConfig;
  it('names the container and labels it as compose does', () => {
    assert.equal(o.name, 'shop-web-2');
    assert.equal(o.Labels?.['com.docker.compose.project'], 'shop');
    assert.equal(o.Labels?.['com.docker.compose.service'], 'web');
    assert.equal(o.Labels?.['com.docker.compose.container-number'], '2');
    assert.equal(o.Labels?.['com.docker.compose.oneoff'], 'False');
    assert.equal(o.Labels?.['com.docker.compose.depends_on'], 'db:service_healthy:true');
    assert.equal(o.Labels?.['com.docker.compose.image'], 'sha256:abc');
    assert.equal(o.Labels?.['com.docker.compose.project.config_files'], '/w/shop/compose.yaml');
  });
  it('takes command words and environment (unset variables left out)', () => {
    assert.deepEqual(o.Cmd, ['nginx', '-g', 'daemon off;']);
    assert.deepEqual(o.Env, ['A=1', 'TOKEN=t0k']);
  });
  it('publishes ports with ranges and host addresses', () => {
    assert.deepEqual(host.PortBindings, {
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
      '9000/udp': [{ HostPort: '9000' }],
      '9001/udp': [{ HostPort: '9001' }],
    });
  });
  it('mounts binds, named and anonymous volumes, tmpfs, and file secrets', () => {
    assert.deepEqual(host.Binds, ['/w/shop/html:/usr/share/nginx/html:ro', '/w/shop/pw.txt:/run/secrets/pw:ro']);
    assert.deepEqual(
      host.Mounts?.map((m) => `${m.Type} ${m.Source ?? ''} ${m.Target}`),
      ['volume shop_data /data', 'volume  /cache', 'tmpfs  /tmp'],
    );
  });
  it('copies environment secrets in before start', () =>
    assert.deepEqual(
      spec.uploads.map((u) => [u.path, u.content.toString(), u.mode]),
      [['/run/secrets/token', 't0k', 0o444]],
    ));
  it('attaches the first network at create, the others after, with the service name as alias', () => {
    assert.equal(host.NetworkMode, 'shop_back');
    assert.deepEqual(Object.keys(o.NetworkingConfig?.EndpointsConfig ?? {}), ['shop_back']);
    assert.deepEqual(spec.extraNetworks, [{ name: 'shop_front', aliases: ['web', 'www'] }]);
  });
  it('maps healthcheck, restart, resources and host settings', () => {
    assert.deepEqual(o.Healthcheck, { Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 10e9, Retries: 3 });
    assert.deepEqual(host.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
    assert.equal(host.Memory, 256 * 1024 ** 2);
    assert.equal(host.NanoCpus, 5e8);
    assert.deepEqual(host.CapAdd, ['NET_ADMIN']);
    assert.deepEqual(host.ExtraHosts, ['db.local:10.0.0.5']);
  });
});

describe('the compose plan (pure)', () => {
  const p = project(
    'services:\n  web: {image: nginx, environment: {A: "2"}, ports: ["8080:80"]}\n  worker: {image: busybox, deploy: {replicas: 2}}',
  );
  const container = (
    service: string,
    number: number,
    config: ComposeProject['services'][string],
    state = 'running',
  ): ObservedContainer => ({
    id: `${service}${number}`.padEnd(12, '0'),
    name: `shop-${service}-${number}`,
    service,
    number,
    oneoff: false,
    state,
    health: undefined,
    status: state === 'exited' ? 'Exited (1) 1 minute ago' : 'Up 1 minute',
    exitCode: state === 'exited' ? 1 : undefined,
    labels: {
      'com.docker.compose.config-hash': serviceConfigHash(config),
      'org.stevedore.config': JSON.stringify(canonicalServiceConfig(config)),
    },
    imageId: 'sha256:x',
    networks: ['shop_default'],
    ports: [],
  });
  const observed = (containers: ObservedContainer[]): ObservedProject => ({
    name: 'shop',
    containers,
    networks: new Map([['shop_default', { id: 'n', labels: {} }]]),
    volumes: new Map(),
  });
  const present = new Map([
    ['web', { kind: 'present', id: 'sha256:x' } as const],
    ['worker', { kind: 'present', id: 'sha256:x' } as const],
  ]);
  const lines = (plan: ReturnType<typeof planCompose>): string[] =>
    plan.operations.map((op) => `${op.kind} ${'name' in op ? op.name : ''}: ${op.reason}`);

  it('recreates what changed, starts what stopped, adds what is missing, and says why', () => {
    const old = project('services:\n  web: {image: nginx, environment: {A: "1"}, ports: ["8080:80"]}').services['web'];
    const plan = planCompose(
      p,
      observed([container('web', 1, old), container('worker', 1, p.services['worker'], 'exited')]),
      present,
    );
    assert.deepEqual(lines(plan), [
      'recreate-container shop-web-1: environment.A changed',
      'start-container shop-worker-1: up to date but exited (exit code 1)',
      'create-container shop-worker-2: scale worker to 2',
    ]);
  });
  it('removes the highest numbers when scaling down, and orphans only when asked', () => {
    const state = observed([
      container('web', 1, p.services['web']),
      ...[1, 2, 3].map((n) => container('worker', n, p.services['worker'])),
      container('gone', 1, p.services['worker']),
    ]);
    const plan = planCompose(p, state, present);
    assert.deepEqual(
      lines(plan).filter((l) => !l.startsWith('keep')),
      ['remove-container shop-worker-3: scale worker to 2'],
    );
    assert.match(plan.warnings.join(''), /shop-gone-1 belongs to service gone, which is no longer in the file/);
    assert.match(
      lines(planCompose(p, state, present, { removeOrphans: true })).join('\n'),
      /remove-container shop-gone-1: orphan/,
    );
  });
  it('blocks a depends_on cycle with the message the editor shows, and orders dependencies first', () => {
    const looped = project(
      'services:\n  web: {image: a, depends_on: [api]}\n  api: {image: a, depends_on: [db]}\n  db: {image: a, depends_on: [api]}\n',
    );
    const plan = planCompose(looped, observed([]), new Map());
    assert.deepEqual(plan.blockers, [cycleMessage(['api', 'db', 'api'])]);
    assert.deepEqual(plan.order, ['db', 'api', 'web']);
  });
  it('says "new" for a first container and a missing network, and that a built image was kept', () => {
    const built = project('services:\n  app: {build: ., image: shop-app}\n  web: {image: nginx}\n  api: {build: .}\n');
    const images = new Map([
      ['app', { kind: 'present', id: 'sha256:x' } as const],
      ['web', { kind: 'present', id: 'sha256:y' } as const],
      ['api', { kind: 'build', reason: 'not on the engine' } as const],
    ]);
    const plan = planCompose(built, { ...observed([]), networks: new Map() }, images);
    assert.deepEqual(lines(plan), [
      'create-network shop_default: new',
      'build-image : not on the engine',
      'create-container shop-app-1: new; image exists, not rebuilt',
      'create-container shop-web-1: new',
      'create-container shop-api-1: new',
    ]);
    assert.deepEqual(plan.operations.map(describeOperation).slice(0, 1), ['create network shop_default: new']);
  });
  it('blocks a scale that a fixed host port cannot take', () => {
    const plan = planCompose(p, observed([]), present, { replicas: { web: 3 } });
    assert.deepEqual(plan.blockers, ['web cannot run 3 containers: host port 8080 can be published by 1 of them only']);
  });
});
