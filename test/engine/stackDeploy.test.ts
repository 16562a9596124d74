import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject, type ComposeProject } from '../../server/src/service';
import {
  applyStackPlan,
  isEmptyStackPlan,
  planStack,
  removeStack,
  scaleStack,
  stackPs,
  waitForStack,
  type Engine,
  type StackPlan,
} from '../../client/src/engine';
import { testEngine } from '../support/preconditions';
import { freePort } from '../support/net';

/** The stack every test here deploys: most of what docker/cli converts, on one node, no registry, no IPVS. */
const stackFile = (port: number, foo: string): string => `
version: "3.8"
services:
  web:
    image: stevedore/busybox:local
    command: ["httpd", "-f", "-p", "8080"]
    init: true
    environment: {FOO: ${foo}, EMPTY: ""}
    labels: {tier: front}
    healthcheck: {test: ["CMD", "true"], interval: 2s, timeout: 1s, retries: 3, start_period: 1s}
    networks:
      front: {aliases: [www]}
      back: {}
    ports: [{target: 8080, published: ${port}, mode: host}]
    secrets: [pw, {source: pw, target: pw2, mode: 0400}]
    configs: [{source: conf, target: /etc/app.conf}]
    volumes: ["data:/data", "/tmp:/hosttmp:ro"]
    stop_grace_period: 5s
    deploy:
      replicas: 1
      endpoint_mode: dnsrr
      labels: {svc: web}
      resources: {limits: {cpus: "0.5", memory: 64M}, reservations: {memory: 16M}}
      restart_policy: {condition: on-failure, delay: 1s, max_attempts: 3, window: 10s}
      placement: {constraints: ["node.role == manager"], preferences: [{spread: node.id}], max_replicas_per_node: 5}
      update_config: {parallelism: 2, delay: 1s, failure_action: rollback, monitor: 2s, order: stop-first}
      rollback_config: {parallelism: 1, order: stop-first}
      # start-first would wait forever here: the new task needs the host port the old one holds.
  worker:
    image: stevedore/busybox:local
    command: sleep 3600
    init: true
    entrypoint: ["/bin/sh", "-c", "exec \\"$$@\\"", "--"]
    user: "0"
    working_dir: /tmp
    extra_hosts: ["db.local:10.0.0.5"]
    networks: [back]
    deploy: {replicas: 2, endpoint_mode: dnsrr}
  agent:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    deploy: {mode: global, endpoint_mode: dnsrr}
networks: {front: {attachable: true}, back: {}}
volumes: {data: {}}
secrets: {pw: {file: ./pw.txt}}
configs: {conf: {file: ./pw.txt}}
`;

const OURS = 'sdstackst';
/** The version suffix Stevedore gives a secret or config: the first 8 hex digits of its content's sha256. */
const version = (content: string): string => createHash('sha256').update(content).digest('hex').slice(0, 8);
const CLI = 'sdstackcli';

/** A service spec with the stack name and the versioned secret/config names made comparable. */
function normalised(spec: unknown, stack: string): unknown {
  const text = JSON.stringify(spec, (key, value: unknown) => {
    if (key === 'SecretID' || key === 'ConfigID' || key === 'org.stevedore.spec-hash') return undefined;
    // The CLI orders two references to one secret as a Go map iterates (randomly): compare references as a set.
    if ((key === 'Secrets' || key === 'Configs') && Array.isArray(value))
      return [...(value as unknown[])].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return value;
  });
  return JSON.parse(text.replaceAll(stack, 'STACK').replace(/(STACK_(?:pw|conf))_[0-9a-f]{8}/g, '$1')) as unknown;
}

describe('swarm stack deploy on the real one-node swarm', () => {
  let engine: Engine;
  let dir: string;
  let port: number;
  let file: string;

  const load = async (foo = 'bar'): Promise<ComposeProject> => {
    await writeFile(file, stackFile(port, foo));
    const result = loadProject(createFsHost(), { files: [file], projectName: OURS, environment: {}, stack: true });
    assert.ok(result.ok, result.ok ? '' : result.problems.map((p) => p.message).join('; '));
    return result.project;
  };
  const kinds = (plan: StackPlan): string[] => plan.operations.map((op) => `${op.kind} ${op.name}`);
  const deploy = async (plan: StackPlan): Promise<void> => {
    const since = Date.now();
    const result = await applyStackPlan(engine, plan);
    assert.ok(result.ok, result.failed?.message);
    const converged = await waitForStack(engine, OURS, { since, timeoutMs: 90_000 });
    assert.ok(converged.ok, converged.message);
  };

  before(async () => {
    engine = await testEngine({ image: true, swarm: true });
    await removeStack(engine, OURS);
    await removeStack(engine, CLI);
    dir = await mkdtemp(join(tmpdir(), 'sdstack-'));
    file = join(dir, 'docker-stack.yml');
    await writeFile(join(dir, 'pw.txt'), 's3cret\n');
    port = await freePort();
  });
  after(async () => {
    await removeStack(engine, OURS);
    await removeStack(engine, CLI);
    // Named volumes outlive a stack (as with `docker stack rm`); these are the test's own.
    for (const volume of [`${OURS}_data`, `${CLI}_data`])
      await engine.docker
        .getVolume(volume)
        .remove()
        .catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await engine.dispose();
  });

  it('plans and deploys the stack, waiting for every service at once', async () => {
    const plan = await planStack(engine, await load(), OURS);
    assert.deepEqual(plan.blockers, []);
    assert.deepEqual(kinds(plan).sort(), [
      `create-config sdstackst_conf_${version('s3cret\n')}`,
      'create-network sdstackst_back',
      'create-network sdstackst_default',
      'create-network sdstackst_front',
      `create-secret sdstackst_pw_${version('s3cret\n')}`,
      'create-service sdstackst_agent',
      'create-service sdstackst_web',
      'create-service sdstackst_worker',
    ]);
    await deploy(plan);
    const web = (await stackPs(engine, OURS)).find((s) => s.name === 'sdstackst_web');
    assert.equal(web?.running, 1);
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404, 'httpd answers on the host-mode port');
  });

  it('creates the same service specs as `docker stack deploy`', async () => {
    execFileSync('docker', ['stack', 'deploy', '-c', file, '--detach=true', CLI], { stdio: 'pipe' });
    // The engine stores network targets as ids; compare them by name.
    const networkNames = new Map((await engine.docker.listNetworks()).map((n) => [n.Id, n.Name]));
    const byName = (key: string, value: unknown): unknown =>
      key === 'Target' && typeof value === 'string' ? (networkNames.get(value) ?? value) : value;
    const specs = async (stack: string): Promise<Map<string, unknown>> => {
      const services = await engine.docker.listServices({ filters: { label: [`com.docker.stack.namespace=${stack}`] } });
      return new Map(
        services.map((s: Docker.Service) => [
          (s.Spec?.Name ?? '').replace(stack, 'STACK'),
          normalised(JSON.parse(JSON.stringify(s.Spec), byName), stack),
        ]),
      );
    };
    const ours = await specs(OURS);
    const theirs = await specs(CLI);
    assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort());
    for (const [name, spec] of ours) assert.deepEqual(spec, theirs.get(name), `${name} differs from docker stack deploy's`);
    await removeStack(engine, CLI);
  });

  it('plans nothing for an unchanged file, and one update for one changed variable', async () => {
    assert.ok(isEmptyStackPlan(await planStack(engine, await load(), OURS)));
    const plan = await planStack(engine, await load('changed'), OURS);
    const changed = plan.operations.filter((op) => op.kind !== 'keep-service');
    assert.deepEqual(
      changed.map((op) => `${op.kind} ${op.name}: ${op.reason}`),
      ['update-service sdstackst_web: environment changed'],
    );
    await deploy(plan);
    const spec = (await engine.docker.getService('sdstackst_web').inspect()) as Docker.Service;
    assert.ok(
      ((spec.Spec?.TaskTemplate as { ContainerSpec?: { Env?: string[] } }).ContainerSpec?.Env ?? []).includes('FOO=changed'),
    );
  });

  it('versions a secret whose content changed, and removes the old version', async () => {
    await writeFile(join(dir, 'pw.txt'), 'rotated\n');
    const plan = await planStack(engine, await load('changed'), OURS);
    assert.deepEqual(
      kinds(plan)
        .filter((k) => !k.startsWith('keep'))
        .sort(),
      [
        `create-config sdstackst_conf_${version('rotated\n')}`,
        `create-secret sdstackst_pw_${version('rotated\n')}`,
        'update-service sdstackst_web',
      ],
    );
    const result = await applyStackPlan(engine, plan);
    assert.ok(result.ok, result.failed?.message);
    await waitForStack(engine, OURS, { timeoutMs: 60_000 });
    const names = (await engine.docker.listSecrets()).map((s) => s.Spec?.Name);
    assert.ok(names.includes(`sdstackst_pw_${version('rotated\n')}`));
    assert.ok(!names.includes(`sdstackst_pw_${version('s3cret\n')}`), 'the old version is removed');
  });

  it('scales a replicated service up and down, and refuses a global one', async () => {
    await scaleStack(engine, OURS, { worker: 3 });
    assert.ok((await waitForStack(engine, OURS, { timeoutMs: 60_000 })).ok);
    assert.equal((await stackPs(engine, OURS)).find((s) => s.name === 'sdstackst_worker')?.running, 3);
    await scaleStack(engine, OURS, { worker: 1 });
    assert.ok((await waitForStack(engine, OURS, { timeoutMs: 60_000 })).ok);
    assert.equal((await stackPs(engine, OURS)).find((s) => s.name === 'sdstackst_worker')?.running, 1);
    await assert.rejects(scaleStack(engine, OURS, { agent: 2 }), /agent is not a replicated service/);
  });

  it('reports the tasks’ error for an image that does not exist, instead of waiting forever', async () => {
    const project = await load('changed');
    const bad: ComposeProject = {
      ...project,
      services: {
        ...project.services,
        ghost: {
          ...project.services['worker'],
          name: 'ghost',
          image: 'sdstack.invalid/none:1',
        },
      },
    };
    const plan = await planStack(engine, bad, OURS);
    const since = Date.now();
    assert.ok((await applyStackPlan(engine, plan)).ok);
    const converged = await waitForStack(engine, OURS, { since, timeoutMs: 90_000 });
    assert.equal(converged.ok, false);
    assert.match(
      converged.message,
      /sdstackst_ghost: 0\/2 running; .*(No such image|pull access denied|does not exist|not found|invalid)/i,
    );
  });

  it('prunes services no longer in the file, then removes the whole stack', async () => {
    const plan = await planStack(engine, await load('changed'), OURS, { prune: true });
    assert.deepEqual(
      kinds(plan).filter((k) => k.startsWith('remove')),
      ['remove-service sdstackst_ghost'],
    );
    assert.ok((await applyStackPlan(engine, plan)).ok);
    const { errors } = await removeStack(engine, OURS);
    assert.deepEqual(errors, []);
    const label = { label: [`com.docker.stack.namespace=${OURS}`] };
    assert.deepEqual(await engine.docker.listServices({ filters: label }), []);
    assert.deepEqual(await engine.docker.listNetworks({ filters: label }), []);
    assert.deepEqual(await engine.docker.listSecrets({ filters: label }), []);
  });
});
