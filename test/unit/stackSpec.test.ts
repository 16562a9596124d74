import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stackServiceSpec } from '../../client/src/engine';
import { loadProject } from '@stevedore/model';
import { memoryHost } from '../support/memoryHost';

/** The container spec of service `w` of `yaml`, deployed as stack `st` (loaded as the stack, as a deploy does). */
function containerSpecOf(yaml: string): Record<string, unknown> {
  const result = loadProject(memoryHost({ '/w/stack.yml': yaml }), {
    files: ['/w/stack.yml'],
    stack: true,
    projectName: 'st',
    environment: {},
  });
  if (!result.ok) assert.fail(result.problems.map((p) => p.message).join('; '));
  const service = result.project.services['w'];
  assert.ok(service);
  const spec = stackServiceSpec(result.project, 'st', service, { secrets: new Map(), configs: new Map() });
  return (spec.TaskTemplate as { ContainerSpec: Record<string, unknown> }).ContainerSpec;
}

describe('stackServiceSpec: fields docker stack deploy normalises', () => {
  const capabilities: [string, string[]][] = [
    ['[net_admin]', ['CAP_NET_ADMIN']],
    ['[CAP_SYS_TIME, chown]', ['CAP_SYS_TIME', 'CAP_CHOWN']],
    ['[ALL]', ['ALL']],
  ];
  for (const [written, sent] of capabilities)
    it(`cap_add: ${written} is sent as ${sent.join(', ')}`, () => {
      assert.deepEqual(containerSpecOf(`services:\n  w: {image: x, cap_add: ${written}}\n`)['CapabilityAdd'], sent);
    });

  it('cap_drop gets the same prefix', () => {
    assert.deepEqual(containerSpecOf('services:\n  w: {image: x, cap_drop: [mknod]}\n')['CapabilityDrop'], ['CAP_MKNOD']);
  });

  it('ulimits: a single number is both limits; soft/hard pairs as written; sorted by name', () => {
    const spec = containerSpecOf(
      'services:\n  w:\n    image: x\n    ulimits: {nproc: 65535, nofile: {soft: 1000, hard: 2000}}\n',
    );
    assert.deepEqual(spec['Ulimits'], [
      { Name: 'nofile', Hard: 2000, Soft: 1000 },
      { Name: 'nproc', Hard: 65535, Soft: 65535 },
    ]);
  });

  it('no ulimits, no Ulimits field', () => {
    assert.equal(containerSpecOf('services:\n  w: {image: x}\n')['Ulimits'], undefined);
  });

  it('secret references sorted by secret name as the CLI sorts them, then by target', () => {
    const yaml = `services:
  w:
    image: x
    secrets: [{source: b, target: a}, {source: a, target: z}, {source: a, target: m}]
secrets:
  a: {environment: A}
  b: {environment: B}
`;
    const spec = containerSpecOf(yaml) as { Secrets: { SecretName: string; File: { Name: string } }[] };
    assert.deepEqual(
      spec.Secrets.map((s) => `${s.SecretName}->${s.File.Name}`),
      ['a->m', 'a->z', 'b->a'],
    );
  });
});
