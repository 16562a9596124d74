import { deploymentName } from '@stevedore/model';
import { loadProject, type ComposeProject, type LoadResult } from '@stevedore/model';
import type { DeploymentKind, DeployPort, DeployRequest, DeployTarget, DeployUi, TargetReason } from './types';

/**
 * Compose project or swarm stack, and its name. In order: the caller's choice; a stack file goes to a stack; an
 * engine that is no swarm manager, or a file a swarm cannot run (it builds), gives a compose project; otherwise the
 * file could be either, and the caller is asked.
 */

/** Loads the files as `target` reads them: a stack with `docker stack deploy`'s rules under its own name. */
export function loadFor(request: DeployRequest, target: DeployTarget | 'compose'): LoadResult {
  if (target !== 'compose' && target.kind === 'stack')
    return loadProject(request.host, {
      files: request.files,
      projectName: target.name,
      environment: request.load?.environment,
      stack: true,
    });
  // A compose project's name is the loader's own unless the user gave one (it resolved the default in the first place).
  return loadProject(request.host, {
    ...request.load,
    files: request.files,
    ...(request.name ? { projectName: request.name } : {}),
  });
}

/** A swarm can run a compose file when every service names an image and none builds one. */
export const swarmCouldRun = (project: ComposeProject): boolean =>
  Object.values(project.services).every((s) => s.image && !s.build);

/**
 * The name for `kind`: the one given, else a compose project's own (`-p` > COMPOSE_PROJECT_NAME > `name:` > folder,
 * as the loader resolves it), else the model's deploymentName for the first file. A compose file run as a stack keeps
 * its project name.
 */
function nameFor(request: DeployRequest, kind: DeploymentKind, compose: () => LoadResult): string {
  if (request.name) return request.name;
  if (request.fileKind === 'compose') {
    const loaded = compose();
    if (loaded.ok) return loaded.project.name;
  }
  return deploymentName({ kind: request.fileKind === 'stack' ? 'stack' : kind, file: request.files[0] ?? '' });
}

export interface ChosenTarget {
  readonly target: DeployTarget;
  readonly reason: TargetReason;
  /** The files loaded as the target reads them (a compose load made while choosing is not made twice). */
  readonly load: () => LoadResult;
}

export async function chooseTarget(request: DeployRequest, port: DeployPort, ui: DeployUi): Promise<ChosenTarget | undefined> {
  let loadedAsCompose: LoadResult | undefined;
  const compose = (): LoadResult => (loadedAsCompose ??= loadFor(request, 'compose'));
  const decide = (kind: DeploymentKind, reason: TargetReason): ChosenTarget => {
    const target = { kind, name: nameFor(request, kind, compose) };
    return { target, reason, load: kind === 'compose' ? compose : () => loadFor(request, target) };
  };
  if (request.as) return decide(request.as, 'given');
  if (request.fileKind === 'stack') return decide('stack', 'stack-file');
  if (!(await port.isSwarmManager())) return decide('compose', 'compose-only');
  const loaded = compose();
  if (!loaded.ok || !swarmCouldRun(loaded.project)) return decide('compose', 'compose-only');
  const choices = { compose: decide('compose', 'chosen'), stack: decide('stack', 'chosen') };
  const kind = await ui.chooseTarget({ compose: choices.compose.target, stack: choices.stack.target });
  return kind ? choices[kind] : undefined;
}
