import type { DeclaredProfile } from '@stevedore/model';

/**
 * How the explorer lays out a deployed compose project's services by profile (plain data, no vscode): the services
 * without a profile at the top, then one group per profile its file declares, each with its services, deployed or
 * not. A profile none of whose services is deployed is inactive. Without the project's file (not found, not loadable)
 * every deployed service is at the top, as before profiles were shown.
 */

export interface ProfileGroup {
  readonly profile: string;
  /** Some service of the profile is deployed. */
  readonly active: boolean;
  /** In file order; a service with two profiles is in both groups. */
  readonly services: readonly { readonly service: string; readonly deployed: boolean }[];
}

export interface ProfileLayout {
  /** Deployed services that no declared profile names, in the order given. */
  readonly top: readonly string[];
  /** Sorted by profile name. */
  readonly groups: readonly ProfileGroup[];
}

export function groupByProfile(deployed: readonly string[], declared: readonly DeclaredProfile[] = []): ProfileLayout {
  const running = new Set(deployed);
  const profiled = new Set(declared.flatMap((d) => d.services));
  return {
    top: deployed.filter((s) => !profiled.has(s)),
    groups: [...declared]
      .sort((a, b) => a.profile.localeCompare(b.profile))
      .map((d) => ({
        profile: d.profile,
        active: d.services.some((s) => running.has(s)),
        services: d.services.map((service) => ({ service, deployed: running.has(service) })),
      })),
  };
}

/** A group's description: `2/3 deployed`, or `inactive profile` when none of its services is. */
export const describeGroup = (group: ProfileGroup): string =>
  group.active ? `${group.services.filter((s) => s.deployed).length}/${group.services.length} deployed` : 'inactive profile';
