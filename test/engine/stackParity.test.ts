import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { applyStackPlan, planStack, type Engine } from '../../client/src/engine';
import { SPEC_HASH_LABEL } from '../../client/src/engine/stack/planStack';
import { testEngine } from '../support/preconditions';
import { freePort } from '../support/net';
import { cleanupStack, dockerCli, loadStack, writeProject } from '../support/stackTesting';

const CLI_STACK = 'sdstackpcli';
const OUR_STACK = 'sdstackpst';

/**
 * Every key the issue names: image, command/args, env, labels, mounts, networks with aliases, host-mode ports with
 * dnsrr, replicas and global mode, resources, restart policy, placement, update/rollback config, healthcheck, a
 * secret from a file, a config, a named volume. Test label everywhere, so anything left behind can be traced.
 */
export function parityStackFile(port: number): string {
  return `services:
  web:
    image: stevedore/busybox:local
    entrypoint: ["/bin/sh", "-c"]
    command: ["echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"]
    init: true
    environment:
      GREETING: hello
      EMPTY: ""
    labels:
      org.stevedore.test: "1"
      role: frontend
    working_dir: /www
    stop_grace_period: 3s
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 2s
      timeout: 1s
      retries: 3
      start_period: 1s
    volumes:
      - data:/data
      - type: tmpfs
        target: /scratch
    secrets:
      - pw
      - source: pw
        target: other
        mode: 256
    configs:
      - cfg
    networks:
      front:
        aliases: [www, site]
      back: {}
    ports:
      - target: 8080
        published: ${port}
        mode: host
    deploy:
      endpoint_mode: dnsrr
      replicas: 2
      labels:
        org.stevedore.test: "1"
        tier: web
      resources:
        limits: {cpus: '0.5', memory: 64M}
        reservations: {cpus: '0.01', memory: 8M}
      restart_policy: {condition: on-failure, delay: 1s, max_attempts: 3, window: 10s}
      placement:
        constraints: [node.role == manager]
        preferences: [{spread: node.id}]
        max_replicas_per_node: 2
      update_config: {parallelism: 2, delay: 1s, failure_action: rollback, monitor: 2s, max_failure_ratio: 0.3, order: start-first}
      rollback_config: {parallelism: 1, delay: 0s, failure_action: pause, monitor: 1s, order: stop-first}
  worker:
    image: stevedore/busybox:local
    command: sleep 3600
    stop_signal: SIGINT
    environment: [MODE=batch]
    labels: {org.stevedore.test: "1"}
    networks: [back]
    logging: {driver: json-file, options: {max-size: 1m}}
    extra_hosts: ["db.local:10.0.0.1"]
    cap_add: [NET_ADMIN]
    ulimits: {nofile: {soft: 1000, hard: 2000}}
    restart: on-failure
    deploy:
      replicas: 1
      labels: {org.stevedore.test: "1"}
  agent:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    labels: {org.stevedore.test: "1"}
    deploy:
      mode: global
      labels: {org.stevedore.test: "1"}
volumes:
  data:
    labels: {org.stevedore.test: "1"}
networks:
  front:
    labels: {org.stevedore.test: "1"}
  back:
    driver: overlay
    attachable: true
    labels: {org.stevedore.test: "1"}
secrets:
  pw:
    file: ./pw.txt
    labels: {org.stevedore.test: "1"}
configs:
  cfg:
    file: ./app.conf
    labels: {org.stevedore.test: "1"}
`;
}

type Json = unknown;

/**
 * Makes two stacks' specs comparable: the stack name becomes STACK, network IDs become names, secret and config IDs
 * go (they are per object), our versioned names lose their digest, and the published port (each stack needs its
 * own free one) goes. Secret and config references are compared as sets (see below). Deliberate difference: our
 * services carry SPEC_HASH_LABEL, the hash planStack compares a redeploy against.
 */
function normalise(value: Json, stack: string, networkNames: ReadonlyMap<string, string>, key = ''): Json {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalise(v, stack, networkNames));
    // Two references to one secret come in a Go map's order from the CLI: compare them as a set.
    return key === 'Secrets' || key === 'Configs'
      ? items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, Json>)
      .filter(([k]) => !['SecretID', 'ConfigID', 'PublishedPort', SPEC_HASH_LABEL].includes(k))
      .map(([k, v]) => [
        k,
        normalise(k === 'Target' && typeof v === 'string' ? (networkNames.get(v) ?? v) : v, stack, networkNames, k),
      ]);
    return Object.fromEntries(entries);
  }
  if (typeof value !== 'string') return value;
  const renamed = value.split(stack).join('STACK');
  return key === 'SecretName' || key === 'ConfigName' ? renamed.replace(/_[0-9a-f]{8}$/, '') : renamed;
}

async function specsOf(docker: Docker, stack: string): Promise<Map<string, Json>> {
  const networks = await docker.listNetworks();
  const names = new Map(networks.map((n) => [n.Id, n.Name]));
  const services = await docker.listServices({ filters: { label: [`com.docker.stack.namespace=${stack}`] } });
  return new Map(services.map((s) => [(s.Spec?.Name ?? '').replace(`${stack}_`, ''), normalise(s.Spec, stack, names)]));
}

/** The fields the issue names, by path in the spec, then the whole container spec and the whole spec. */
const FIELDS: readonly [string, string][] = [
  ['image', 'TaskTemplate.ContainerSpec.Image'],
  ['command', 'TaskTemplate.ContainerSpec.Command'],
  ['args', 'TaskTemplate.ContainerSpec.Args'],
  ['env', 'TaskTemplate.ContainerSpec.Env'],
  ['service labels', 'Labels'],
  ['container labels', 'TaskTemplate.ContainerSpec.Labels'],
  ['mounts', 'TaskTemplate.ContainerSpec.Mounts'],
  ['secrets', 'TaskTemplate.ContainerSpec.Secrets'],
  ['configs', 'TaskTemplate.ContainerSpec.Configs'],
  ['healthcheck', 'TaskTemplate.ContainerSpec.Healthcheck'],
  ['networks and aliases', 'TaskTemplate.Networks'],
  ['ports and endpoint mode', 'EndpointSpec'],
  ['mode and replicas', 'Mode'],
  ['resources', 'TaskTemplate.Resources'],
  ['restart policy', 'TaskTemplate.RestartPolicy'],
  ['placement', 'TaskTemplate.Placement'],
  ['update config', 'UpdateConfig'],
  ['rollback config', 'RollbackConfig'],
  ['log driver', 'TaskTemplate.LogDriver'],
  ['the whole container spec', 'TaskTemplate.ContainerSpec'],
  ['the whole spec', ''],
];

function pick(spec: Json, path: string): Json {
  return path === ''
    ? spec
    : path.split('.').reduce<Json>((value, key) => (value as Record<string, Json> | undefined)?.[key], spec);
}

describe('stack deploy parity with docker stack deploy', () => {
  let engine: Engine;
  let docker: Docker;
  let cli: Map<string, Json>;
  let ours: Map<string, Json>;

  before(async () => {
    engine = await testEngine({ image: true, swarm: true });
    docker = engine.docker;
    await Promise.all([cleanupStack(engine, CLI_STACK), cleanupStack(engine, OUR_STACK)]);
    const [cliPort, ourPort] = [await freePort(), await freePort()];
    const files = { 'pw.txt': 's3cret', 'app.conf': 'answer=42\n' };
    const cliDir = await writeProject({ ...files, 'stack.yml': parityStackFile(cliPort) });
    const ourDir = await writeProject({ ...files, 'stack.yml': parityStackFile(ourPort) });
    await dockerCli(['stack', 'deploy', '--detach=true', '-c', join(cliDir, 'stack.yml'), CLI_STACK]);
    const plan = await planStack(engine, loadStack(join(ourDir, 'stack.yml'), OUR_STACK), OUR_STACK);
    const result = await applyStackPlan(engine, plan);
    assert.equal(result.failed?.message, undefined);
    [cli, ours] = await Promise.all([specsOf(docker, CLI_STACK), specsOf(docker, OUR_STACK)]);
  });

  after(async () => {
    await Promise.all([cleanupStack(engine, CLI_STACK), cleanupStack(engine, OUR_STACK)]);
    await engine.dispose();
  });

  it('creates the same services', () => {
    assert.deepEqual([...ours.keys()].sort(), [...cli.keys()].sort());
    assert.deepEqual([...ours.keys()].sort(), ['agent', 'web', 'worker']);
  });

  it('the file sets every compared field on some service (no comparison of two absent values only)', () => {
    const unset = FIELDS.filter(([, path]) =>
      ['web', 'worker', 'agent'].every((name) => pick(cli.get(name), path) === undefined),
    );
    assert.deepEqual(unset, []);
  });

  it('creates the same networks (driver, labels, attachable, scope)', async () => {
    const describe = async (stack: string): Promise<Json[]> =>
      (await docker.listNetworks({ filters: { label: [`com.docker.stack.namespace=${stack}`] } }))
        .map((n) =>
          normalise(
            { Name: n.Name, Driver: n.Driver, Labels: n.Labels, Attachable: n.Attachable, Scope: n.Scope },
            stack,
            new Map(),
          ),
        )
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const theirs = await describe(CLI_STACK);
    assert.equal(theirs.length, 3, 'front, back and default');
    assert.deepEqual(await describe(OUR_STACK), theirs);
  });

  for (const service of ['web', 'worker', 'agent']) {
    for (const [field, path] of FIELDS) {
      it(`${service}: ${field}`, () => {
        assert.deepEqual(pick(ours.get(service), path), pick(cli.get(service), path));
      });
    }
  }
});
