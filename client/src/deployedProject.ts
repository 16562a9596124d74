import type { ComposeProject } from '@stevedore/model';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject } from '../../server/src/service';
import { deployedFrom, observeProject, type Engine } from './engine';

/**
 * A deployed compose project read again from its files (`files`, else those its containers were made from), with
 * these profiles enabled (`['*']`: every service; default `COMPOSE_PROFILES`).
 */
export async function loadDeployedProject(
  engine: Engine,
  project: string,
  files?: readonly string[],
  profiles?: readonly string[],
): Promise<ComposeProject> {
  const from = files && files.length > 0 ? { files: [...files] } : deployedFrom(await observeProject(engine.docker, project));
  if (from.files.length === 0)
    throw new Error(`project ${project} is not deployed on this engine, or its containers name no compose file`);
  const result = loadProject(createFsHost(), {
    files: from.files,
    projectName: project,
    environment: process.env,
    ...(profiles ? { profiles } : {}),
  });
  if (!result.ok) throw new Error(`project ${project} cannot be loaded: ${result.problems.map((p) => p.message).join('; ')}`);
  return result.project;
}
