import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { applyStackPlan, describeStackOperation, planStack, type Engine } from '../../client/src/engine';
import { testEngine } from '../support/preconditions';
import { cleanupStack, loadStack, writeProject } from '../support/stackTesting';

const STACK = 'sdstackfl';
const LABEL = '{org.stevedore.test: "1"}';

const FILE = `services:
  a: {image: stevedore/busybox:local, command: sleep 3600, init: true, labels: ${LABEL}, deploy: {labels: ${LABEL}}, secrets: [pw]}
  b: {image: stevedore/busybox:local, command: sleep 3600, init: true, labels: ${LABEL}, deploy: {labels: ${LABEL}}}
networks:
  default: {labels: ${LABEL}}
secrets:
  pw: {file: ./pw.txt, labels: ${LABEL}}
`;

describe('a stack deploy that fails midway', () => {
  let engine: Engine;
  let docker: Docker;
  const intruder = `${STACK}_b`;
  const removeIntruder = async (): Promise<void> => {
    const found = await docker.listServices({ filters: { name: [intruder] } });
    await Promise.all(found.filter((s) => s.Spec?.Name === intruder).map((s) => docker.getService(s.ID).remove()));
  };

  before(async () => {
    engine = await testEngine({ image: true, swarm: true });
    docker = engine.docker;
    await removeIntruder();
    await cleanupStack(engine, STACK);
  });

  after(async () => {
    await removeIntruder();
    await cleanupStack(engine, STACK);
    await engine.dispose();
  });

  it('reports what failed and what it created, and everything created carries the stack label', async () => {
    const dir = await writeProject({ 'pw.txt': 'x', 'stack.yml': FILE });
    const plan = await planStack(engine, loadStack(join(dir, 'stack.yml'), STACK), STACK);
    assert.deepEqual(plan.operations.filter((op) => op.kind === 'create-service').map(describeStackOperation), [
      'create service sdstackfl_a: new',
      'create service sdstackfl_b: new',
    ]);
    // Someone takes the name of service b between the plan and the apply (not a stack service: no label).
    await docker.createService({
      Name: intruder,
      Labels: { 'org.stevedore.test': '1' },
      TaskTemplate: { ContainerSpec: { Image: 'stevedore/busybox:local', Args: ['sleep', '3600'], Init: true } },
    });
    const result = await applyStackPlan(engine, plan);
    assert.equal(result.ok, false);
    assert.match(result.failed?.message ?? '', /(already exists|name conflicts)/);
    assert.equal(result.failed?.operation?.name, intruder);
    const created = result.done.filter((op) => op.kind.startsWith('create-')).map((op) => op.name);
    assert.deepEqual(created.map((name) => name.replace(/_[0-9a-f]{8}$/, '_<digest>')).sort(), [
      'sdstackfl_a',
      'sdstackfl_default',
      'sdstackfl_pw_<digest>',
    ]);
    const filters = { label: [`com.docker.stack.namespace=${STACK}`] };
    const [services, networks, secrets] = await Promise.all([
      docker.listServices({ filters }),
      docker.listNetworks({ filters }),
      docker.listSecrets({ filters }),
    ]);
    const labelled = [...services.map((s) => s.Spec?.Name), ...networks.map((n) => n.Name), ...secrets.map((s) => s.Spec?.Name)];
    assert.deepEqual(labelled.sort(), created.sort(), 'what it reports created is exactly what carries the label');
  });
});
