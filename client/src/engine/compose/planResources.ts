import type { ComposeProject, ServiceConfig } from '@stevedore/model';
import { networkDrift, volumeDrift } from './drift';
import { LABELS } from './labels';
import type { ObservedProject } from './observe';
import type { ComposeOperation } from './plan';

/**
 * The networks and volumes the planned services use: made when missing; when the project's own one has drifted
 * from the file, a network is recreated (its containers attached again) and a volume is recreated only with the
 * data loss named, so the deploy can refuse it unless the user accepts.
 */
export interface ResourcePlan {
  readonly operations: ComposeOperation[];
  readonly blockers: string[];
  /** One line per volume whose recreation loses its data. */
  readonly dataLoss: string[];
  /** Services whose containers must be recreated because a volume they mount is (why, by service). */
  readonly forced: Map<string, string>;
}

export function planResources(
  project: ComposeProject,
  services: readonly ServiceConfig[],
  observed: ObservedProject,
  options: { readonly drift: boolean },
): ResourcePlan {
  const plan: ResourcePlan = { operations: [], blockers: [], dataLoss: [], forced: new Map() };
  const ours = (labels: Readonly<Record<string, string>>): boolean => labels[LABELS.project] === project.name;
  for (const key of new Set(services.flatMap((s) => Object.keys(s.networks ?? {})))) {
    const network = project.networks[key];
    if (!network) continue;
    const seen = observed.networks.get(network.name);
    if (seen) {
      const changes =
        options.drift && !network.external && seen.spec && ours(seen.labels) ? networkDrift(network, seen.spec) : [];
      if (changes.length > 0)
        plan.operations.push({ kind: 'recreate-network', key, name: network.name, reason: `${changes.join(', ')} changed` });
    } else if (network.external) plan.blockers.push(`external network ${network.name} does not exist; create it first`);
    else plan.operations.push({ kind: 'create-network', key, name: network.name, reason: 'new' });
  }
  const mounts = (s: ServiceConfig): string[] => s.volumes.flatMap((m) => (m.type === 'volume' && m.source ? [m.source] : []));
  for (const key of new Set(services.flatMap(mounts))) {
    const volume = project.volumes[key];
    if (!volume) continue;
    const seen = observed.volumes.get(volume.name);
    if (seen) {
      const changes = options.drift && !volume.external && seen.spec && ours(seen.labels) ? volumeDrift(volume, seen.spec) : [];
      if (changes.length === 0) continue;
      const reason = `${changes.join(', ')} changed; its data would be lost`;
      plan.operations.push({ kind: 'recreate-volume', key, name: volume.name, reason });
      plan.dataLoss.push(`volume ${volume.name}: ${reason}`);
      for (const s of services) if (mounts(s).includes(key)) plan.forced.set(s.name, `volume ${volume.name} is recreated`);
    } else if (volume.external) plan.blockers.push(`external volume ${volume.name} does not exist; create it first`);
    else plan.operations.push({ kind: 'create-volume', key, name: volume.name, reason: 'new' });
  }
  return plan;
}
