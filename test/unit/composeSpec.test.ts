import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  containerCreateOptions,
  serviceConfigHash,
  type ContainerSpec,
  type ContainerSpecInput,
} from '../../client/src/engine/compose';
import { COMPOSE_VERSION } from '../../client/src/engine/compose/labels';
import type { ComposeProject, ServiceConfig } from '@stevedore/model';
import { serviceConfig } from '../support/serviceConfig';

const service = serviceConfig;

function project(web: ServiceConfig, overrides: Partial<ComposeProject> = {}): ComposeProject {
  return {
    name: 'sdcspec',
    workingDir: '/srv/app',
    configFiles: ['/srv/app/compose.yaml', '/srv/app/compose.override.yaml'],
    envFiles: ['/srv/app/.env'],
    environment: { FROM_SHELL: 'shell-value' },
    services: { [web.name]: web, db: service({ name: 'db' }) },
    profiles: [],
    disabledServices: {},
    networks: {
      default: { name: 'sdcspec_default', external: false, labels: {} },
      back: { name: 'sdcspec_back', external: false, labels: {} },
      named: { name: 'custom-net', external: true, labels: {} },
    },
    volumes: {
      data: { name: 'sdcspec_data', external: false, labels: {} },
      shared: { name: 'shared-vol', external: true, labels: {} },
    },
    secrets: {
      file_secret: { name: 'sdcspec_file_secret', external: false, file: '/srv/app/secret.txt', labels: {} },
      env_secret: { name: 'sdcspec_env_secret', external: false, environment: 'FROM_SHELL', labels: {} },
      unset_secret: { name: 'x', external: false, environment: 'NOT_SET', labels: {} },
      ext_secret: { name: 'ext', external: true, labels: {} },
    },
    configs: { inline: { name: 'sdcspec_inline', external: false, content: 'key=value\n', labels: {} } },
    ...overrides,
  };
}

function spec(overrides: Partial<ServiceConfig>, input: Partial<ContainerSpecInput> = {}): ContainerSpec {
  const web = service(overrides);
  return containerCreateOptions({ project: project(web), service: web, number: 1, apiVersion: '1.41', ...input });
}

/** HostConfig with dockerode's `any` fields read as unknown. */
const host = (s: ContainerSpec): Record<string, unknown> => (s.options.HostConfig ?? {}) as Record<string, unknown>;

/** [what, service keys, what to read from the spec, expected]. */
type Case = [string, Partial<ServiceConfig>, (s: ContainerSpec) => unknown, unknown];

const cases: Case[] = [
  ['name', {}, (s) => s.options.name, 'sdcspec-web-1'],
  ['container_name', { container_name: 'fixed' }, (s) => s.options.name, 'fixed'],
  ['image', {}, (s) => s.options.Image, 'stevedore/busybox:local'],
  [
    'image of a build without image:',
    { image: undefined, build: { context: '/srv/app' } },
    (s) => s.options.Image,
    'sdcspec-web',
  ],
  ['command', { command: ['httpd', '-f'] }, (s) => s.options.Cmd, ['httpd', '-f']],
  ['empty entrypoint', { entrypoint: [] }, (s) => s.options.Entrypoint, []],
  ['no command', {}, (s) => s.options.Cmd, undefined],
  [
    'environment, null taken from the project or left out',
    { environment: { A: '1', FROM_SHELL: null, MISSING: null, EMPTY: '' } },
    (s) => s.options.Env,
    ['A=1', 'FROM_SHELL=shell-value', 'EMPTY='],
  ],
  ['user', { user: '1000:1000' }, (s) => s.options.User, '1000:1000'],
  ['working_dir', { working_dir: '/app' }, (s) => s.options.WorkingDir, '/app'],
  [
    'hostname and domainname',
    { hostname: 'h', domainname: 'd.test' },
    (s) => [s.options.Hostname, s.options.Domainname],
    ['h', 'd.test'],
  ],
  ['stop_signal', { stop_signal: 'SIGINT' }, (s) => s.options.StopSignal, 'SIGINT'],
  ['stop_grace_period', { stop_grace_period: '1m30s' }, (s) => s.options.StopTimeout, 90],
  ['tty and stdin_open', { tty: true, stdin_open: true }, (s) => [s.options.Tty, s.options.OpenStdin], [true, true]],
  [
    'expose and ports as ExposedPorts',
    { expose: ['9000-9001', '53/udp'], ports: [{ target: 8080, protocol: 'tcp', mode: 'ingress' }] },
    (s) => s.options.ExposedPorts,
    { '9000/tcp': {}, '9001/tcp': {}, '53/udp': {}, '8080/tcp': {} },
  ],
  [
    'ports with host_ip, ranges and engine-picked ones',
    {
      ports: [
        { target: 8080, published: '18080', host_ip: '127.0.0.1', protocol: 'tcp', mode: 'ingress' },
        { target: 8080, published: '18081', protocol: 'tcp', mode: 'ingress' },
        { target: 53, published: '5300-5310', protocol: 'udp', mode: 'ingress' },
        { target: 9000, protocol: 'tcp', mode: 'ingress' },
      ],
    },
    (s) => host(s).PortBindings,
    {
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }, { HostPort: '18081' }],
      '53/udp': [{ HostPort: '5300-5310' }],
      '9000/tcp': [{ HostPort: '' }],
    },
  ],
  [
    'healthcheck durations in nanoseconds',
    { healthcheck: { test: ['CMD', 'true'], interval: '2s', timeout: '1s', retries: 3, start_period: '500ms' } },
    (s) => s.options.Healthcheck,
    { Test: ['CMD', 'true'], Interval: 2e9, Timeout: 1e9, Retries: 3, StartPeriod: 500e6 },
  ],
  ['healthcheck NONE', { healthcheck: { test: ['NONE'] } }, (s) => s.options.Healthcheck, { Test: ['NONE'] }],
  [
    'healthcheck disable',
    { healthcheck: { test: ['CMD', 'x'], disable: true } },
    (s) => s.options.Healthcheck,
    { Test: ['NONE'] },
  ],
  [
    'healthcheck start_interval is left out below API 1.44',
    { healthcheck: { test: ['CMD', 'true'], start_interval: '1s' } },
    (s) => s.options.Healthcheck,
    { Test: ['CMD', 'true'] },
  ],
  ['restart no', { restart: 'no' }, (s) => host(s).RestartPolicy, { Name: 'no' }],
  ['restart always', { restart: 'always' }, (s) => host(s).RestartPolicy, { Name: 'always' }],
  ['restart unless-stopped', { restart: 'unless-stopped' }, (s) => host(s).RestartPolicy, { Name: 'unless-stopped' }],
  ['restart on-failure', { restart: 'on-failure' }, (s) => host(s).RestartPolicy, { Name: 'on-failure' }],
  [
    'restart on-failure:3',
    { restart: 'on-failure:3' },
    (s) => host(s).RestartPolicy,
    { Name: 'on-failure', MaximumRetryCount: 3 },
  ],
  [
    'deploy.restart_policy when restart is absent',
    { deploy: { restart_policy: { condition: 'on-failure', max_attempts: 2 } } },
    (s) => host(s).RestartPolicy,
    { Name: 'on-failure', MaximumRetryCount: 2 },
  ],
  ['first network is the NetworkMode', {}, (s) => host(s).NetworkMode, 'sdcspec_default'],
  ['network_mode host', { networks: undefined, network_mode: 'host' }, (s) => host(s).NetworkMode, 'host'],
  ['network_mode none', { networks: undefined, network_mode: 'none' }, (s) => host(s).NetworkMode, 'none'],
  [
    'network_mode service:db through the resolver',
    { networks: undefined, network_mode: 'service:db' },
    (s) => [host(s).NetworkMode, s.options.NetworkingConfig?.EndpointsConfig],
    ['container:db-container-id', undefined],
  ],
  [
    'one network at create, the rest after, by priority then key',
    { networks: { default: {}, named: { aliases: ['n'], ipv4_address: '10.5.0.9' }, back: { priority: 10 } } },
    (s) => [host(s).NetworkMode, s.options.NetworkingConfig?.EndpointsConfig, s.extraNetworks],
    [
      'sdcspec_back',
      { sdcspec_back: { Aliases: ['web'] } },
      [
        { name: 'sdcspec_default', aliases: ['web'] },
        { name: 'custom-net', aliases: ['web', 'n'], ipv4Address: '10.5.0.9' },
      ],
    ],
  ],
  [
    'endpoint addresses',
    { networks: { default: { ipv4_address: '10.1.0.5', ipv6_address: 'fd00::5', aliases: ['www'] } } },
    (s) => s.options.NetworkingConfig?.EndpointsConfig,
    {
      sdcspec_default: {
        Aliases: ['web', 'www'],
        IPAMConfig: { IPv4Address: '10.1.0.5', IPv6Address: 'fd00::5' },
      },
    },
  ],
  [
    'mounts: named, external-named, anonymous, tmpfs, bind',
    {
      volumes: [
        { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true } },
        { type: 'volume', source: 'shared', target: '/shared', read_only: true },
        { type: 'volume', target: '/anon' },
        { type: 'tmpfs', target: '/scratch', tmpfs: { size: '64m', mode: 0o1777 } },
        { type: 'bind', source: '/srv/app/site', target: '/www', read_only: true, bind: { propagation: 'rprivate' } },
      ],
    },
    (s) => [host(s).Binds, host(s).Mounts],
    [
      // A bind that does not forbid creating its host folder goes to Binds, as compose sends it.
      ['/srv/app/site:/www:ro,rprivate'],
      [
        { Type: 'volume', Source: 'sdcspec_data', Target: '/data', VolumeOptions: { NoCopy: true } },
        { Type: 'volume', Source: 'shared-vol', Target: '/shared', ReadOnly: true },
        { Type: 'volume', Source: '', Target: '/anon' },
        { Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 64 * 1024 ** 2, Mode: 0o1777 } },
      ],
    ],
  ],
  [
    'a bind that must not create its folder is a mount',
    {
      volumes: [
        { type: 'bind', source: '/srv/app/site', target: '/www', bind: { create_host_path: false, propagation: 'rslave' } },
      ],
    },
    (s) => [host(s).Binds, host(s).Mounts],
    [undefined, [{ Type: 'bind', Source: '/srv/app/site', Target: '/www', BindOptions: { Propagation: 'rslave' } }]],
  ],
  [
    'a bind that may create its folder, or has an SELinux label, is a legacy bind',
    {
      volumes: [
        { type: 'bind', source: '/srv/app/logs', target: '/logs', bind: { create_host_path: true } },
        { type: 'bind', source: '/etc/x', target: '/x', read_only: true, bind: { selinux: 'z' } },
      ],
    },
    (s) => [host(s).Binds, host(s).Mounts],
    [['/srv/app/logs:/logs', '/etc/x:/x:ro,z'], undefined],
  ],
  [
    'secrets: a file is a read-only bind, an environment secret an upload',
    {
      secrets: [{ source: 'file_secret' }, { source: 'env_secret', target: 'token', mode: 0o400, uid: '1000', gid: '1000' }],
    },
    (s) => [host(s).Binds, s.uploads],
    [
      ['/srv/app/secret.txt:/run/secrets/file_secret:ro'],
      [{ path: '/run/secrets/token', content: Buffer.from('shell-value'), mode: 0o400, uid: '1000', gid: '1000' }],
    ],
  ],
  [
    'configs: content is an upload at /<name> by default',
    { configs: [{ source: 'inline' }, { source: 'inline', target: '/etc/app.conf' }] },
    (s) => s.uploads.map((u) => [u.path, u.content.toString(), u.mode]),
    [
      ['/inline', 'key=value\n', 0o444],
      ['/etc/app.conf', 'key=value\n', 0o444],
    ],
  ],
  [
    'cap_add, cap_drop',
    { cap_add: ['NET_ADMIN'], cap_drop: ['ALL'] },
    (s) => [host(s).CapAdd, host(s).CapDrop],
    [['NET_ADMIN'], ['ALL']],
  ],
  [
    'privileged, read_only, init',
    { privileged: true, read_only: true, init: true },
    (s) => [host(s).Privileged, host(s).ReadonlyRootfs, host(s).Init],
    [true, true, true],
  ],
  [
    'extra_hosts as a list and as a map',
    { extra_hosts: ['a=10.0.0.1', 'b:10.0.0.2'] },
    (s) => host(s).ExtraHosts,
    ['a:10.0.0.1', 'b:10.0.0.2'],
  ],
  [
    'extra_hosts map',
    { extra_hosts: { c: '10.0.0.3', d: ['10.0.0.4', '::1'] } },
    (s) => host(s).ExtraHosts,
    ['c:10.0.0.3', 'd:10.0.0.4', 'd:::1'],
  ],
  [
    'dns, dns_search as a string or a list',
    { dns: '8.8.8.8', dns_search: ['a.test', 'b.test'] },
    (s) => [host(s).Dns, host(s).DnsSearch],
    [['8.8.8.8'], ['a.test', 'b.test']],
  ],
  ['sysctls as a list', { sysctls: ['net.core.somaxconn=1024'] }, (s) => host(s).Sysctls, { 'net.core.somaxconn': '1024' }],
  ['sysctls as a map', { sysctls: { 'net.ipv4.ip_forward': 1 } }, (s) => host(s).Sysctls, { 'net.ipv4.ip_forward': '1' }],
  [
    'ulimits',
    { ulimits: { nproc: 65535, nofile: { soft: 20000, hard: 40000 } } },
    (s) => host(s).Ulimits,
    [
      { Name: 'nproc', Soft: 65535, Hard: 65535 },
      { Name: 'nofile', Soft: 20000, Hard: 40000 },
    ],
  ],
  ['tmpfs', { tmpfs: ['/run', '/tmp:size=64m,mode=1777'] }, (s) => host(s).Tmpfs, { '/run': '', '/tmp': 'size=64m,mode=1777' }],
  ['shm_size', { shm_size: '128m' }, (s) => host(s).ShmSize, 128 * 1024 ** 2],
  [
    'mem_limit, cpus, pids_limit',
    { mem_limit: '512m', cpus: 1.5, pids_limit: 100 },
    (s) => [host(s).Memory, host(s).NanoCpus, host(s).PidsLimit],
    [512 * 1024 ** 2, 1.5e9, 100],
  ],
  [
    'deploy.resources.limits',
    { deploy: { resources: { limits: { memory: '1g', cpus: '0.5', pids: 50 } } } },
    (s) => [host(s).Memory, host(s).NanoCpus, host(s).PidsLimit],
    [1024 ** 3, 0.5e9, 50],
  ],
  [
    'logging',
    { logging: { driver: 'json-file', options: { 'max-size': '10m' } } },
    (s) => host(s).LogConfig,
    { Type: 'json-file', Config: { 'max-size': '10m' } },
  ],
  ['security_opt', { security_opt: ['no-new-privileges:true'] }, (s) => host(s).SecurityOpt, ['no-new-privileges:true']],
  [
    'devices, short and long',
    { devices: ['/dev/fuse', '/dev/a:/dev/b:r', { source: '/dev/c', target: '/dev/d', permissions: 'rw' }] },
    (s) => host(s).Devices,
    [
      { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' },
      { PathOnHost: '/dev/a', PathInContainer: '/dev/b', CgroupPermissions: 'r' },
      { PathOnHost: '/dev/c', PathInContainer: '/dev/d', CgroupPermissions: 'rw' },
    ],
  ],
  ['group_add', { group_add: ['audio', 1001] }, (s) => host(s).GroupAdd, ['audio', '1001']],
  [
    'ipc and pid, service: resolved',
    { ipc: 'service:db', pid: 'host' },
    (s) => [host(s).IpcMode, host(s).PidMode],
    ['container:db-container-id', 'host'],
  ],
  [
    'links to the first container of a service, external links as written',
    { links: ['db', 'db:database'], external_links: ['redis_1:redis', 'other'] },
    (s) => host(s).Links,
    ['sdcspec-db-1:db', 'sdcspec-db-1:database', 'redis_1:redis', 'other:other'],
  ],
  ['volumes_from', { volumes_from: ['db:ro', 'container:raw'] }, (s) => host(s).VolumesFrom, ['db-container-id:ro', 'raw']],
  [
    "the service's own labels are kept",
    { labels: { 'org.stevedore.test': '1' } },
    (s) => s.options.Labels?.['org.stevedore.test'],
    '1',
  ],
  [
    "compose labels win over the service's",
    { labels: { 'com.docker.compose.project': 'hijack' } },
    (s) => s.options.Labels?.['com.docker.compose.project'],
    'sdcspec',
  ],
];

describe('container create options from a compose service', () => {
  const resolveServiceContainer = (name: string): string | undefined => (name === 'db' ? 'db-container-id' : undefined);
  for (const [what, overrides, read, expected] of cases) {
    it(what, () => assert.deepEqual(read(spec(overrides, { resolveServiceContainer })), expected));
  }

  it('sets every compose label', () => {
    const web = service({
      depends_on: {
        db: { condition: 'service_healthy', restart: true, required: true },
        cache: { condition: 'service_started', restart: false, required: false },
      },
    });
    const labels = containerCreateOptions({
      project: project(web),
      service: web,
      number: 3,
      imageId: 'sha256:abc',
      apiVersion: '1.41',
    }).options.Labels;
    assert.deepEqual(labels, {
      'com.docker.compose.project': 'sdcspec',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '3',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.config-hash': serviceConfigHash(web),
      'com.docker.compose.project.working_dir': '/srv/app',
      'com.docker.compose.project.config_files': '/srv/app/compose.yaml,/srv/app/compose.override.yaml',
      'com.docker.compose.project.environment_file': '/srv/app/.env',
      'com.docker.compose.depends_on': 'db:service_healthy:true,cache:service_started:false',
      'com.docker.compose.version': COMPOSE_VERSION,
      'com.docker.compose.image': 'sha256:abc',
      'org.stevedore.config': labels?.['org.stevedore.config'],
      'org.stevedore.created-by': 'stevedore',
    });
    const stored = JSON.parse(labels?.['org.stevedore.config'] ?? '{}') as Record<string, unknown>;
    assert.equal(stored['image'], 'stevedore/busybox:local');
    assert.equal(stored['depends_on'], undefined);
  });

  it('numbers replicas in the name', () => {
    assert.equal(spec({}, { number: 7 }).options.name, 'sdcspec-web-7');
  });

  const failures: [string, Partial<ServiceConfig>, string][] = [
    ['an undefined secret', { secrets: [{ source: 'nope' }] }, 'service web uses secret nope, which the project does not define'],
    [
      'an external secret',
      { secrets: [{ source: 'ext_secret' }] },
      'service web uses secret ext_secret, which is external or has a driver: only Swarm can provide it (deploy it as a stack)',
    ],
    [
      'a secret whose variable is unset',
      { secrets: [{ source: 'unset_secret' }] },
      'service web uses secret unset_secret, whose variable NOT_SET is not set',
    ],
    [
      'network_mode service: with nothing to share',
      { networks: undefined, network_mode: 'service:ghost' },
      'web uses network_mode service:ghost, but that service has no running container',
    ],
    [
      'ipc service: with nothing to share',
      { ipc: 'service:ghost' },
      'web uses ipc service:ghost, but that service has no running container',
    ],
    ['an expose that is no port', { expose: ['http'] }, 'expose: "http" is not a port or a port range'],
    ['a bad duration', { stop_grace_period: '10 seconds' }, "invalid duration '10 seconds' (use e.g. 30s, 1m30s, 500ms)"],
  ];
  for (const [what, overrides, message] of failures) {
    it(`refuses ${what} with a sentence`, () => {
      assert.throws(() => spec(overrides, { resolveServiceContainer: () => undefined }), { message });
    });
  }
});
