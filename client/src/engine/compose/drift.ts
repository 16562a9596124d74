import type { NetworkConfig, VolumeConfig } from '@stevedore/model';

/**
 * Drift: a network or volume of the project that exists on the engine but not as the file now describes it. A
 * network is recreated (its containers detached and attached again); a volume only when the user accepts that its
 * data is lost. Only what the file says is compared, plus the flags whose absence means "off", so a network made by
 * compose or an older Stevedore with the same settings is not drift.
 */

/** What the engine reports of a network (from the network list). */
export interface ObservedNetworkSpec {
  readonly driver: string;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly enableIPv6: boolean;
  readonly subnets: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** What the engine reports of a volume (from the volume list). */
export interface ObservedVolumeSpec {
  readonly driver: string;
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

function mapChanges(
  field: string,
  wanted: Readonly<Record<string, string>> | undefined,
  seen: Readonly<Record<string, string>>,
): string[] {
  return Object.entries(wanted ?? {}).flatMap(([key, value]) =>
    seen[key] === value ? [] : [`${field}.${key} (${seen[key] === undefined ? 'unset' : 'different'} on the engine)`],
  );
}

function subnetsOf(ipam: Readonly<Record<string, unknown>> | undefined): string[] {
  const config = Array.isArray(ipam?.['config']) ? (ipam['config'] as Record<string, unknown>[]) : [];
  return config.flatMap((c) => (typeof c['subnet'] === 'string' ? [c['subnet']] : [])).sort();
}

/** The settings of `network` the engine's network does not have; empty when they agree. */
export function networkDrift(network: NetworkConfig, seen: ObservedNetworkSpec): string[] {
  const changes: string[] = [];
  if (network.driver && network.driver !== seen.driver) changes.push(`driver (${seen.driver} on the engine)`);
  if ((network.internal ?? false) !== seen.internal) changes.push('internal');
  if ((network.attachable ?? false) !== seen.attachable) changes.push('attachable');
  if ((network.enable_ipv6 ?? false) && !seen.enableIPv6) changes.push('enable_ipv6');
  const subnets = subnetsOf(network.ipam);
  if (subnets.length > 0 && subnets.join(',') !== [...seen.subnets].sort().join(','))
    changes.push(`ipam subnets (${seen.subnets.join(', ') || 'none'} on the engine)`);
  changes.push(...mapChanges('driver_opts', network.driver_opts, seen.options));
  changes.push(...mapChanges('labels', network.labels, seen.labels));
  return changes;
}

/** The settings of `volume` the engine's volume does not have; empty when they agree. */
export function volumeDrift(volume: VolumeConfig, seen: ObservedVolumeSpec): string[] {
  const changes: string[] = [];
  if ((volume.driver ?? 'local') !== seen.driver) changes.push(`driver (${seen.driver} on the engine)`);
  changes.push(...mapChanges('driver_opts', volume.driver_opts, seen.options));
  changes.push(...mapChanges('labels', volume.labels, seen.labels));
  return changes;
}
