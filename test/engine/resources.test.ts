import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import {
  executePrune,
  imageHistory,
  listResources,
  planPrune,
  previewPrune,
  tagImage,
  type Engine,
  type EngineResource,
} from '../../client/src/engine';
import { removeTestContainers, TEST_LABEL } from '../support/engineCleanup';
import { BUSYBOX_IMAGE, testEngine } from '../support/preconditions';

/**
 * The engine's images, volumes and networks, and prune as plan → execute. Everything here is named `sdg-res-…` and
 * labelled `org.stevedore.test=sdg`; every prune is scoped to that label, so nothing of another test or user on this
 * shared engine is ever listed or removed.
 */
const OWNER = 'sdg';
const SCOPE = { label: `${TEST_LABEL}=${OWNER}` };
const LABELS = { [TEST_LABEL]: OWNER };

async function clearLeftovers(docker: Docker): Promise<void> {
  await removeTestContainers(docker, OWNER);
  for (const v of (await docker.listVolumes()).Volumes ?? [])
    if (v.Name.startsWith('sdg-res-')) await docker.getVolume(v.Name).remove();
  for (const n of await docker.listNetworks()) if (n.Name.startsWith('sdg-res-')) await docker.getNetwork(n.Id).remove();
  for (const i of await docker.listImages({ filters: { label: [SCOPE.label] } }))
    await docker.getImage(i.Id).remove({ force: true });
}

const names = (items: readonly EngineResource[]): string[] => items.map((r) => r.name).sort();

describe('the engine’s images, volumes and networks, and prune', () => {
  let engine: Engine;
  let docker: Docker;

  before(async () => {
    engine = await testEngine({ image: true });
    docker = engine.docker;
    await clearLeftovers(docker);
  });
  after(async () => {
    await clearLeftovers(docker);
    await engine.dispose();
  });

  it('lists volumes and networks with their users, and prunes exactly what the preview listed', async () => {
    for (const name of ['sdg-res-used', 'sdg-res-free1', 'sdg-res-free2'])
      await docker.createVolume({ Name: name, Labels: LABELS });
    await docker.createVolume({ Name: 'sdg-res-unlabelled' });
    for (const name of ['sdg-res-net-used', 'sdg-res-net-free']) await docker.createNetwork({ Name: name, Labels: LABELS });
    const c = await docker.createContainer({
      name: 'sdg-res-user',
      Image: BUSYBOX_IMAGE,
      Cmd: ['sleep', '3600'],
      Labels: { ...LABELS, 'com.docker.compose.project': 'sdg-res-project', 'com.docker.compose.service': 'app' },
      HostConfig: { Binds: ['sdg-res-used:/data'], NetworkMode: 'sdg-res-net-used' },
    });
    await c.start();

    const volumes = await listResources(docker, 'volume');
    const used = volumes.find((v) => v.name === 'sdg-res-used');
    assert.deepEqual(used?.usedBy, [{ container: 'sdg-res-user', project: 'sdg-res-project', service: 'app' }]);
    assert.deepEqual([used?.projects, used?.dangling], [['sdg-res-project'], false]);
    assert.equal(volumes.find((v) => v.name === 'sdg-res-free1')?.dangling, true);

    const volumePlan = await previewPrune(docker, 'volume', SCOPE);
    assert.deepEqual(names(volumePlan.items), ['sdg-res-free1', 'sdg-res-free2'], 'neither the used nor the unlabelled one');
    const networkPlan = await previewPrune(docker, 'network', SCOPE);
    assert.deepEqual(names(networkPlan.items), ['sdg-res-net-free']);

    for (const plan of [volumePlan, networkPlan]) {
      const before = names(await listResources(docker, plan.kind));
      const outcome = await executePrune(docker, plan);
      assert.deepEqual([names(outcome.removed), outcome.failed], [names(plan.items), []]);
      const after = names(await listResources(docker, plan.kind));
      const gone = before.filter((n) => !after.includes(n));
      assert.deepEqual(gone, names(plan.items), 'exactly the listed ones went');
    }
  });

  it('marks a dangling image, shows its layers and tags, and prunes it but not a tagged one', async () => {
    const c = await docker.createContainer({ name: 'sdg-res-builder', Image: BUSYBOX_IMAGE, Cmd: ['true'], Labels: LABELS });
    const dangling = (await c.commit({ changes: `LABEL ${TEST_LABEL}=${OWNER}` })) as { Id: string };
    const kept = (await c.commit({ changes: `LABEL ${TEST_LABEL}=${OWNER}`, repo: 'sdg-res-image', tag: 'keep' })) as {
      Id: string;
    };
    await c.remove();
    await tagImage(docker, kept.Id, 'sdg-res-image', 'second');

    const images = await listResources(docker, 'image');
    const danglingItem = images.find((i) => i.id === dangling.Id);
    assert.deepEqual([danglingItem?.dangling, danglingItem?.tags], [true, []]);
    const keptItem = images.find((i) => i.id === kept.Id);
    assert.deepEqual([...(keptItem?.tags ?? [])].sort(), ['sdg-res-image:keep', 'sdg-res-image:second']);
    assert.ok((await imageHistory(docker, kept.Id)).length >= 2, 'the commit’s layer over busybox’s');
    const busybox = images.find((i) => i.tags.includes(BUSYBOX_IMAGE));
    assert.ok(busybox && !busybox.dangling);

    const plan = await previewPrune(docker, 'image', SCOPE);
    assert.deepEqual(
      plan.items.map((i) => i.id),
      [dangling.Id],
    );
    assert.equal(plan.bytes, danglingItem?.size);
    const outcome = await executePrune(docker, plan);
    assert.deepEqual(outcome.failed, []);
    const after = await listResources(docker, 'image');
    assert.ok(!after.some((i) => i.id === dangling.Id), 'the dangling image is gone');
    assert.ok(
      after.some((i) => i.id === kept.Id),
      'the tagged one stays',
    );
  });

  it('plans by scope: a name prefix, a label with or without a value', () => {
    const item = (name: string, labels: Record<string, string>): EngineResource => ({
      kind: 'volume',
      id: name,
      name,
      tags: [],
      size: 10,
      created: undefined,
      dangling: true,
      prunable: true,
      usedBy: [],
      projects: [],
      stacks: [],
      labels,
    });
    const all = [item('a-1', { x: '1' }), item('a-2', { x: '2' }), item('b-1', {})];
    assert.deepEqual(names(planPrune('volume', all, { namePrefix: 'a-' }).items), ['a-1', 'a-2']);
    assert.deepEqual(names(planPrune('volume', all, { label: 'x=2' }).items), ['a-2']);
    assert.deepEqual(names(planPrune('volume', all, { label: 'x' }).items), ['a-1', 'a-2']);
    assert.equal(planPrune('volume', all).bytes, 30);
    assert.deepEqual(planPrune('network', all).items, []);
  });
});
