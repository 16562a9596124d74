import type { ComposeProject, ServiceConfig } from './types';

/**
 * Compose profiles, once for the loader, the deploy, the explorer and the lenses: which profiles a load enables, and
 * which profiles a project's services name. A service without profiles always runs; one with profiles runs when any
 * of them is active, or when `*` is (`COMPOSE_PROFILES=*`). `docker stack deploy` ignores profiles.
 */

/** The profiles a load enables: those given (`--profile`, a choice in the editor), else `COMPOSE_PROFILES`, comma-separated. */
export function activeProfiles(
  environment: Readonly<Record<string, string | undefined>>,
  given?: readonly string[],
): readonly string[] {
  return given ?? (environment['COMPOSE_PROFILES'] ?? '').split(',').filter(Boolean);
}

/** Whether a service with these profiles runs when `active` are enabled. */
export const enabledBy = (profiles: readonly string[], active: readonly string[]): boolean =>
  profiles.length === 0 || active.includes('*') || profiles.some((p) => active.includes(p));

/** A profile the project's services name, with those services (enabled or not), in file order. */
export interface DeclaredProfile {
  readonly profile: string;
  readonly services: readonly string[];
}

const allServices = (project: ComposeProject): [string, ServiceConfig][] => [
  ...Object.entries(project.services),
  ...Object.entries(project.disabledServices),
];

/** Every profile a service of the project names, sorted by name, each with its services. */
export function declaredProfiles(project: ComposeProject): DeclaredProfile[] {
  const byProfile = new Map<string, string[]>();
  for (const [name, service] of allServices(project))
    for (const profile of service.profiles) byProfile.set(profile, [...(byProfile.get(profile) ?? []), name]);
  return [...byProfile.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([profile, services]) => ({ profile, services }));
}

/** The declared profiles the load enabled (all of them under `*`): what a "which profiles?" question starts from. */
export function enabledProfiles(project: ComposeProject): string[] {
  return declaredProfiles(project)
    .map((d) => d.profile)
    .filter((profile) => enabledBy([profile], project.profiles));
}

/** The profiles of the named services: `docker compose up NAME` starts a targeted service's profiles too. */
export function profilesOfServices(project: ComposeProject, services: readonly string[]): string[] {
  const named = new Set(services);
  return [...new Set(allServices(project).flatMap(([name, s]) => (named.has(name) ? s.profiles : [])))];
}
