import { asRecord, dependenciesOf, pointerOf, serviceReferences, type ComposeModel, type Reference } from '@stevedore/model';
import { imageRepository, imageTag } from '../rules/practices';
import { parsePortEntry, type PortMapping } from './ports';

/**
 * What the project-wide Compose rules (references, depends_on, ports, container names, unused) need to know of one
 * service, read once per service value. References come from the model's table (`serviceReferences`) and
 * dependencies from its walk's reader (`dependenciesOf`), so the index says what the editor and the deploy engine
 * say. Pointers are below the service's own (`/ports/0`), so a summary does not depend on the service's name.
 */
export interface ServiceSummary {
  readonly references: readonly Reference[];
  readonly dependencies: readonly string[];
  /** The dependencies its `depends_on` waits on with `condition: service_healthy`, and with `service_completed_successfully`. */
  readonly awaitsHealthy: readonly string[];
  readonly awaitsCompletion: readonly string[];
  /** Its image's repository and tag, when the image names a tag other than `latest` (a tag the project pins). */
  readonly pins?: readonly [repository: string, tag: string];
  /** A healthcheck that is there and not disabled. */
  readonly hasHealthcheck: boolean;
  /** Each `ports` entry whose value is known now (not from an unset variable): its index and what it reads as. */
  readonly ports: readonly { readonly index: number; readonly mapping: PortMapping | string | undefined }[];
  readonly containerName: boolean;
  /** `deploy.replicas`, else `scale`, else 1, as a number (NaN when neither is one). */
  readonly replicas: number;
}

/** The project's services in the model's order, each with its summary and its pointer. */
export interface ServiceIndex {
  readonly services: ReadonlyMap<string, { readonly pointer: string; readonly summary: ServiceSummary }>;
}

/**
 * The summaries of a held file's services, by service value. The model reuses an unchanged service's value object
 * (its part), and a value object is only ever that service's (an alias is walked into a new one), so a summary found
 * here is the one a new reading would give; a changed service has a new value object and is read again. A one-shot
 * check uses a fresh instance.
 */
export class ServiceSummaries {
  private readonly byValue = new WeakMap<object, ServiceSummary>();
  /** How many summaries the last index read and reused (for tests). */
  read = 0;
  reused = 0;

  /** The index of `model`'s services. */
  index(model: ComposeModel): ServiceIndex {
    this.read = this.reused = 0;
    const services = new Map<string, { pointer: string; summary: ServiceSummary }>();
    for (const [name, value] of Object.entries(asRecord(asRecord(model.value)['services']))) {
      const pointer = pointerOf('/services', name);
      services.set(name, { pointer, summary: this.summaryOf(model, pointer, value) });
    }
    return { services };
  }

  private summaryOf(model: ComposeModel, pointer: string, value: unknown): ServiceSummary {
    if (typeof value !== 'object' || value === null) return summarize(model, pointer, value);
    let summary = this.byValue.get(value);
    if (summary) this.reused++;
    else {
      this.byValue.set(value, (summary = summarize(model, pointer, value)));
      this.read++;
    }
    return summary;
  }
}

/** Reads one service (at `pointer` in `model`) for the project-wide rules. */
export function summarize(model: ComposeModel, pointer: string, value: unknown): ServiceSummary {
  const service = asRecord(value);
  const conditions = Object.entries(asRecord(service['depends_on'])).map(
    ([dependency, condition]) => [dependency, asRecord(condition)['condition']] as const,
  );
  const awaiting = (wanted: string): string[] => conditions.flatMap(([name, condition]) => (condition === wanted ? [name] : []));
  const image = service['image'];
  const tag = typeof image === 'string' ? imageTag(image) : undefined;
  const healthcheck = asRecord(service['healthcheck']);
  const ports = service['ports'];
  return {
    references: serviceReferences(service, ''),
    dependencies: dependenciesOf(service),
    awaitsHealthy: awaiting('service_healthy'),
    awaitsCompletion: awaiting('service_completed_successfully'),
    ...(typeof image === 'string' && tag && tag !== 'latest' ? { pins: [imageRepository(image), tag] as const } : {}),
    hasHealthcheck: Object.keys(healthcheck).length > 0 && healthcheck['disable'] !== true,
    ports: Array.isArray(ports)
      ? ports.flatMap((entry: unknown, index) =>
          // A value from an unset variable is unknown until deploy time.
          model.info(pointerOf(pointerOf(pointer, 'ports'), index))?.interpolation?.unresolved
            ? []
            : [{ index, mapping: parsePortEntry(entry) }],
        )
      : [],
    containerName: service['container_name'] !== undefined,
    replicas: Number(asRecord(service['deploy'])['replicas'] ?? service['scale'] ?? 1),
  };
}
