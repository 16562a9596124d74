import {
  declaredProfiles,
  enabledBy,
  enabledProfiles,
  profilesOfServices,
  type ComposeProject,
  type LoadResult,
} from '@stevedore/model';
import { loadFor } from './chooseTarget';
import type { DeployRequest, DeployTarget, DeployUi } from './types';

/**
 * Which profiles a compose deploy enables, when the file declares any. A whole-project deploy with no profiles given
 * asks the caller (the editor's multi-select; checked first: the profiles `COMPOSE_PROFILES` enables); a caller that
 * does not ask (the CLI) keeps `--profile` or `COMPOSE_PROFILES`, as compose does. A deploy of named services also
 * enables their own profiles, as `docker compose up NAME` does for a targeted service. A stack has no profiles.
 * Returns the project loaded with those profiles, or undefined when the question was dismissed.
 */
export async function withChosenProfiles(
  request: DeployRequest,
  target: DeployTarget,
  project: ComposeProject,
  ui: DeployUi,
): Promise<LoadResult | undefined> {
  const asLoaded: LoadResult = { ok: true, project, warnings: [] };
  if (target.kind !== 'compose') return asLoaded;
  const declared = declaredProfiles(project);
  if (declared.length === 0) return asLoaded;
  const services = request.services ?? [];
  let profiles: readonly string[];
  if (services.length > 0) {
    const targeted = profilesOfServices(project, services).filter((p) => !enabledBy([p], project.profiles));
    if (targeted.length === 0) return asLoaded;
    profiles = [...project.profiles, ...targeted];
  } else {
    if (request.load?.profiles !== undefined || !ui.chooseProfiles) return asLoaded;
    const chosen = await ui.chooseProfiles({ target, declared, defaults: enabledProfiles(project) });
    if (!chosen) return undefined;
    profiles = chosen;
  }
  return loadFor({ ...request, load: { ...request.load, profiles } }, 'compose');
}
