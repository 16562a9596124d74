import type { ComposeProject } from '@stevedore/model';
import type { Engine } from '../connection';
import { applyComposePlan } from '../compose/apply';
import { planComposeDeploy } from '../compose/deploy';
import { ensureServiceImage } from '../compose/images';
import { withDeployLock, type LockClient } from '../lock';

/**
 * `rebuild`: the service's image built again, then the project planned for that service alone. The new image id
 * differs from the one its containers were made from, so the plan recreates them and keeps its dependencies as they
 * are (`docker compose up --build --no-deps` in effect). Returns the number of containers recreated or created.
 * The image is built first, then the plan and apply hold the project's deploy lock (a build may take minutes; a
 * deploy need not wait for it).
 */
export async function rebuildService(engine: Engine, project: ComposeProject, name: string, lock: LockClient): Promise<number> {
  const service = project.services[name];
  if (!service) throw new Error(`no service ${name} in project ${project.name}`);
  if (!service.build) throw new Error(`${name} has a rebuild rule but no build section`);
  await ensureServiceImage(engine.docker, project, service, { pull: 'build' });
  const target = { kind: 'compose', name: project.name } as const;
  return withDeployLock(engine, target, { ...lock, operation: 'rebuild' }, async () => {
    const plan = await planComposeDeploy(engine, project, { services: [name] });
    const result = await applyComposePlan(engine, plan);
    if (!result.ok) throw new Error(result.failed?.message ?? 'the recreate failed');
    return result.done.filter((op) => op.kind === 'recreate-container' || op.kind === 'create-container').length;
  });
}
