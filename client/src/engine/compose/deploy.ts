import { walkDependencies, type ComposeProject } from '@stevedore/model';
import type { Engine } from '../connection';
import { resolveImageStates } from './imageStates';
import { observeProject } from './observe';
import { planCompose, type ComposePlan, type PlanOptions } from './plan';

/** Reads the engine and plans `up` for a loaded project: the preview the extension shows and `--dry-run` prints. */
export async function planComposeDeploy(
  engine: Engine,
  project: ComposeProject,
  options: PlanOptions & { readonly build?: boolean } = {},
): Promise<ComposePlan> {
  const observed = await observeProject(engine.docker, project.name);
  // Dependencies are planned too, so their images are needed as well.
  const { order } = walkDependencies(project.services, options.services ?? Object.keys(project.services));
  const services = order.flatMap((name) => project.services[name] ?? []);
  const images = await resolveImageStates(engine.docker, project, services, options.build ? { build: true } : {});
  return planCompose(project, observed, images, options);
}

/**
 * Scale: the file's project with other replica counts. Refused before anything changes when a count cannot work
 * (container_name, fixed host ports); the containers that stay are never recreated, because replicas are not part
 * of the config hash.
 */
export async function planComposeScale(
  engine: Engine,
  project: ComposeProject,
  replicas: Readonly<Record<string, number>>,
): Promise<ComposePlan> {
  const unknown = Object.keys(replicas).filter((name) => !project.services[name]);
  const plan = await planComposeDeploy(engine, project, {
    services: Object.keys(replicas).filter((n) => project.services[n]),
    replicas,
    recreate: 'never',
  });
  const invalid = Object.entries(replicas).filter(([, n]) => !Number.isInteger(n) || n < 0);
  return {
    ...plan,
    blockers: [
      ...plan.blockers,
      ...unknown.map((name) => `no service ${name} in project ${project.name}`),
      ...invalid.map(([name, n]) => `${name}: replicas must be a whole number ≥ 0, not ${n}`),
    ],
  };
}
