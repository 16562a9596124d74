import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeComposeService, eventScope, type ComposeServiceStatus, type EngineEvent } from '../../client/src/engine';

const container = (
  state: string,
  health: string | undefined,
  ports: string[] = [],
): ComposeServiceStatus['containers'][number] => ({
  name: 'sdnhello-web-1',
  id: 'c1',
  state,
  health,
  status: '',
  ports,
});
const service = (containers: ComposeServiceStatus['containers']): ComposeServiceStatus => ({
  service: 'web',
  running: containers.filter((c) => c.state === 'running').length,
  total: containers.length,
  containers,
});

describe('a service row in the explorer', () => {
  const cases: { name: string; status: ComposeServiceStatus; description: string; healthy: boolean }[] = [
    {
      name: 'running without a healthcheck, with its published port',
      status: service([container('running', undefined, ['127.0.0.1:32768->8080/tcp', '9000/tcp'])]),
      description: '1/1 running · 127.0.0.1:32768->8080/tcp',
      healthy: true,
    },
    {
      name: 'running and healthy',
      status: service([container('running', 'healthy')]),
      description: '1/1 running',
      healthy: true,
    },
    {
      name: 'its healthcheck has not passed yet',
      status: service([container('running', 'starting')]),
      description: '1/1 starting',
      healthy: false,
    },
    {
      name: 'one replica unhealthy',
      status: service([container('running', 'healthy'), container('running', 'unhealthy')]),
      description: '2/2 unhealthy',
      healthy: false,
    },
    {
      name: 'one replica exited, its port not shown',
      status: service([
        container('running', undefined, ['127.0.0.1:1->80/tcp']),
        container('exited', undefined, ['127.0.0.1:2->80/tcp']),
      ]),
      description: '1/2 running · 127.0.0.1:1->80/tcp',
      healthy: false,
    },
    {
      name: 'the same port of two replicas once',
      status: service([
        container('running', undefined, ['0.0.0.0:80->80/tcp']),
        container('running', undefined, ['0.0.0.0:80->80/tcp']),
      ]),
      description: '2/2 running · 0.0.0.0:80->80/tcp',
      healthy: true,
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(describeComposeService(c.status), { description: c.description, healthy: c.healthy }));
});

describe('which engine events redraw which part of the explorer', () => {
  const labels = { 'com.docker.compose.project': 'sdnhello', 'com.docker.compose.service': 'web' };
  const cases: { event: EngineEvent; scope: ReturnType<typeof eventScope> }[] = [
    {
      event: { Type: 'container', Action: 'exec_create: wget -q -O- http://127.0.0.1', Actor: { Attributes: labels } },
      scope: { kind: 'none' },
    },
    { event: { Type: 'container', Action: 'exec_start: wget', Actor: { Attributes: labels } }, scope: { kind: 'none' } },
    { event: { Type: 'container', Action: 'exec_die', Actor: { Attributes: labels } }, scope: { kind: 'none' } },
    { event: { Type: 'container', Action: 'attach', Actor: { Attributes: labels } }, scope: { kind: 'none' } },
    {
      event: { Type: 'container', Action: 'health_status: healthy', Actor: { Attributes: labels } },
      scope: { kind: 'deployment', project: 'sdnhello' },
    },
    {
      event: { Type: 'container', Action: 'die', Actor: { Attributes: labels } },
      scope: { kind: 'deployment', project: 'sdnhello' },
    },
    {
      event: { Type: 'container', Action: 'start', Actor: { Attributes: { 'com.docker.stack.namespace': 'sdnstack' } } },
      scope: { kind: 'deployment', stack: 'sdnstack' },
    },
    { event: { Type: 'container', Action: 'start', Actor: { Attributes: {} } }, scope: { kind: 'none' } },
    { event: { Type: 'container', Action: 'create', Actor: { Attributes: labels } }, scope: { kind: 'all' } },
    { event: { Type: 'container', Action: 'destroy', Actor: { Attributes: labels } }, scope: { kind: 'all' } },
    {
      event: { Type: 'service', Action: 'update', Actor: { Attributes: { 'com.docker.stack.namespace': 'sdnstack' } } },
      scope: { kind: 'deployment', stack: 'sdnstack' },
    },
    {
      event: { Type: 'service', Action: 'remove', Actor: { Attributes: { 'com.docker.stack.namespace': 'sdnstack' } } },
      scope: { kind: 'all' },
    },
    { event: { Type: 'network', Action: 'create' }, scope: { kind: 'all' } },
  ];
  for (const c of cases)
    it(`${c.event.Type ?? ''} ${c.event.Action ?? ''}`, () => assert.deepEqual(eventScope(c.event), c.scope));
});
