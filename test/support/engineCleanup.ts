import type Docker from 'dockerode';

/** Every container a test creates carries this label, so a run can clear what an interrupted run left behind. */
export const TEST_LABEL = 'org.stevedore.test';

export async function removeTestContainers(docker: Docker): Promise<void> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [TEST_LABEL] } });
  await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}
