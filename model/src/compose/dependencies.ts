import { asRecord } from './names';

/**
 * The one walk over `depends_on`: the order in which services start (dependencies first) and the cycles that make
 * an order impossible. The deploy planner, the deploy's image resolution and the `compose/depends-on-cycle` rule all
 * read it, so the editor and a deploy name the same cycle in the same words.
 */

/** One cycle: its services from the first back to the first again (`a → b → a`), each cycle once. */
export interface DependencyCycle {
  readonly services: readonly string[];
  /** The service whose `depends_on` closes the cycle (where an editor points). */
  readonly from: string;
}

export interface DependencyWalk {
  /** The roots and every defined service they depend on, dependencies first. */
  readonly order: readonly string[];
  readonly cycles: readonly DependencyCycle[];
}

export const cycleMessage = (cycle: readonly string[]): string => `depends_on forms a cycle: ${cycle.join(' → ')}`;

/** The services a service depends on: `depends_on`'s list (`[db]`) or the keys of its long form (`db: {…}`). */
export function dependenciesOf(service: unknown): string[] {
  const dependsOn = asRecord(service)['depends_on'];
  return Array.isArray(dependsOn)
    ? dependsOn.filter((d): d is string => typeof d === 'string')
    : Object.keys(asRecord(dependsOn));
}

/**
 * Walks `depends_on` from `roots` (all services by default) over `services` (raw or loaded: a name → a service with
 * `depends_on`). A dependency that is not in `services` is skipped: whether that is a problem is the references'
 * concern (and a disabled profile's), not the order's. `edges` gives a service's dependencies where the caller
 * already read them (the editor's index of services keeps them per service); by default they are read from
 * `services` with `dependenciesOf`.
 */
export function walkDependencies(
  services: Readonly<Record<string, unknown>>,
  roots: readonly string[] = Object.keys(services),
  edges: (name: string) => readonly string[] = (name) => dependenciesOf(services[name]),
): DependencyWalk {
  const order: string[] = [];
  const cycles: DependencyCycle[] = [];
  const seenCycles = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: readonly string[]): void => {
    if (state.get(name) === 'done' || !Object.hasOwn(services, name)) return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const key = [...new Set(cycle)].sort().join('\u0000');
      if (!seenCycles.has(key)) cycles.push({ services: cycle, from: path[path.length - 1] ?? name });
      seenCycles.add(key);
      return;
    }
    state.set(name, 'visiting');
    for (const dependency of edges(name)) visit(dependency, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const root of roots) visit(root, []);
  return { order, cycles };
}
