import { pointerOf } from './composeModel';
import { asRecord, type Section } from './names';

/**
 * The one table of what a Compose service refers to: per service key, the section its names belong to and how to
 * read them. The `compose/undefined-reference` and `compose/unused` rules, navigation, hover and completion all
 * read it, so they agree on what is a reference.
 */

/** One place where a service names something: what it names, in which section, and where it is written. */
export interface Reference {
  readonly section: Section;
  readonly name: string;
  readonly pointer: string;
  /** Where to point: at the map key (depends_on's long form) or at the value. */
  readonly atKey?: boolean;
}

export interface ReferenceField {
  readonly section: Section;
  /** A value here is a bare name (or a list of them), so completion can offer the section's names. */
  readonly offersNames: boolean;
  /** The long form is a map keyed by the names (`depends_on: {db: {condition: …}}`). */
  readonly keyedByName?: boolean;
  /** The references of the key's value, written at `pointer`. */
  readonly read: (value: unknown, pointer: string) => Reference[];
}

/** A short volume entry's source is a named volume unless it is a path (`./x`, `/x`, `~/x`, `C:\x`) or empty. */
export function namedVolumeSource(entry: string): string | undefined {
  const source = entry.split(':')[0] ?? '';
  if (!entry.includes(':') || source === '' || /^[./~$\\]/.test(source) || /^[A-Za-z]$/.test(source)) return undefined;
  return source;
}

/** A list of names (each cleaned of what follows it) or a map keyed by name. */
const listOrKeys =
  (section: Section, clean = (s: string): string => s) =>
  (value: unknown, pointer: string): Reference[] =>
    Array.isArray(value)
      ? value.flatMap((item, i) =>
          typeof item === 'string' ? [{ section, name: clean(item), pointer: pointerOf(pointer, i) }] : [],
        )
      : Object.keys(asRecord(value)).map((name) => ({ section, name, pointer: pointerOf(pointer, name), atKey: true }));

/** `extends: web`, or `extends: {service: web}` without `file` (another file's service is that file's concern). */
function readExtends(value: unknown, pointer: string): Reference[] {
  if (typeof value === 'string') return [{ section: 'services', name: value, pointer }];
  const record = asRecord(value);
  const service = record['service'];
  return typeof service === 'string' && record['file'] === undefined
    ? [{ section: 'services', name: service, pointer: pointerOf(pointer, 'service') }]
    : [];
}

function readVolumesFrom(value: unknown, pointer: string): Reference[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) =>
    typeof item === 'string' && !item.startsWith('container:')
      ? [{ section: 'services' as const, name: item.split(':')[0] ?? item, pointer: pointerOf(pointer, i) }]
      : [],
  );
}

function readNetworkMode(value: unknown, pointer: string): Reference[] {
  return typeof value === 'string' && value.startsWith('service:')
    ? [{ section: 'services', name: value.slice('service:'.length), pointer }]
    : [];
}

function readVolumes(value: unknown, pointer: string): Reference[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) => {
    const at = pointerOf(pointer, i);
    if (typeof item === 'string') {
      const name = namedVolumeSource(item);
      return name ? [{ section: 'volumes' as const, name, pointer: at }] : [];
    }
    const long = asRecord(item);
    return long['type'] === 'volume' && typeof long['source'] === 'string'
      ? [{ section: 'volumes' as const, name: long['source'], pointer: pointerOf(at, 'source') }]
      : [];
  });
}

/** `secrets`/`configs`: `- name` or `- source: name`. */
const readSources =
  (section: 'secrets' | 'configs') =>
  (value: unknown, pointer: string): Reference[] => {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, i) => {
      const at = pointerOf(pointer, i);
      if (typeof item === 'string') return [{ section, name: item, pointer: at }];
      const source = asRecord(item)['source'];
      return typeof source === 'string' ? [{ section, name: source, pointer: pointerOf(at, 'source') }] : [];
    });
  };

/** Service key → what its value names. */
export const SERVICE_REFERENCE_FIELDS: Readonly<Record<string, ReferenceField>> = {
  depends_on: { section: 'services', offersNames: true, keyedByName: true, read: listOrKeys('services') },
  links: { section: 'services', offersNames: true, read: listOrKeys('services', (s) => s.split(':')[0] ?? s) },
  networks: { section: 'networks', offersNames: true, keyedByName: true, read: listOrKeys('networks') },
  extends: { section: 'services', offersNames: true, read: readExtends },
  volumes_from: { section: 'services', offersNames: true, read: readVolumesFrom },
  network_mode: { section: 'services', offersNames: false, read: readNetworkMode },
  volumes: { section: 'volumes', offersNames: false, read: readVolumes },
  secrets: { section: 'secrets', offersNames: true, read: readSources('secrets') },
  configs: { section: 'configs', offersNames: true, read: readSources('configs') },
};

/** The table's entry for a service key (own keys only: `constructor` is no reference). */
export const referenceField = (key: string): ReferenceField | undefined =>
  Object.hasOwn(SERVICE_REFERENCE_FIELDS, key) ? SERVICE_REFERENCE_FIELDS[key] : undefined;

/** Every reference a service (at pointer `at`) makes to services, networks, volumes, secrets and configs. */
export function serviceReferences(service: Record<string, unknown>, at: string): Reference[] {
  return Object.entries(SERVICE_REFERENCE_FIELDS).flatMap(([key, field]) =>
    key in service ? field.read(service[key], pointerOf(at, key)) : [],
  );
}
