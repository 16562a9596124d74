/** The names a Compose project defines at its top level, per section. */
export interface ProjectNames {
  readonly services: ReadonlySet<string>;
  readonly networks: ReadonlySet<string>;
  readonly volumes: ReadonlySet<string>;
  readonly secrets: ReadonlySet<string>;
  readonly configs: ReadonlySet<string>;
}

export type Section = keyof ProjectNames;
export const SECTIONS: readonly Section[] = ['services', 'networks', 'volumes', 'secrets', 'configs'];

export const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function namesOf(root: unknown): ProjectNames {
  const top = asRecord(root);
  const keys = (section: Section): Set<string> => new Set(Object.keys(asRecord(top[section])));
  return {
    services: keys('services'),
    networks: keys('networks'),
    volumes: keys('volumes'),
    secrets: keys('secrets'),
    configs: keys('configs'),
  };
}

export function mergeNames(...all: readonly ProjectNames[]): ProjectNames {
  const union = (section: Section): Set<string> => new Set(all.flatMap((n) => [...n[section]]));
  return {
    services: union('services'),
    networks: union('networks'),
    volumes: union('volumes'),
    secrets: union('secrets'),
    configs: union('configs'),
  };
}
