import type Docker from 'dockerode';

/** Every container a test creates carries this label, so a run can clear what an interrupted run left behind. */
export const TEST_LABEL = 'org.stevedore.test';

/** Removes the containers one test file labelled `TEST_LABEL=value` (never another file's, which may be running). */
export async function removeTestContainers(docker: Docker, value: string): Promise<void> {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${value}`] } });
  await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}
