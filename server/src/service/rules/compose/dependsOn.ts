import { asRecord } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const cycleMessage = (cycle: readonly string[]): string => `depends_on forms a cycle: ${cycle.join(' → ')}`;
export const noHealthcheckMessage = (service: string): string =>
  `'${service}' has no healthcheck, so service_healthy waits forever unless its image defines a HEALTHCHECK`;

function dependencies(service: unknown): string[] {
  const dependsOn = asRecord(service)['depends_on'];
  return Array.isArray(dependsOn)
    ? dependsOn.filter((d): d is string => typeof d === 'string')
    : Object.keys(asRecord(dependsOn));
}

/** Rules `compose/depends-on-cycle` and `compose/healthcheck-missing`. */
export function dependsOnDiagnostics(model: ComposeModel): Diagnostic[] {
  const services = asRecord(asRecord(model.value)['services']);
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done' || !(name in services)) return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const key = [...cycle].sort().join(',');
      const from = path[path.length - 1] ?? name;
      const range =
        model.keyRange(pointerOf(pointerOf(pointerOf('/services', from), 'depends_on'), 0)) ??
        model.keyRange(pointerOf(pointerOf('/services', from), 'depends_on'));
      if (!reported.has(key) && range) out.push({ range, ...coded(CODE.composeDependsOnCycle), message: cycleMessage(cycle) });
      reported.add(key);
      return;
    }
    state.set(name, 'visiting');
    for (const dependency of dependencies(services[name])) visit(dependency, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(services)) visit(name, []);

  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, condition] of Object.entries(asRecord(asRecord(service)['depends_on']))) {
      if (asRecord(condition)['condition'] !== 'service_healthy' || !(dependency in services)) continue;
      const healthcheck = asRecord(asRecord(services[dependency])['healthcheck']);
      if (Object.keys(healthcheck).length > 0 && healthcheck['disable'] !== true) continue;
      const range = model.valueRange(
        pointerOf(pointerOf(pointerOf(pointerOf('/services', name), 'depends_on'), dependency), 'condition'),
      );
      if (range) out.push({ range, ...coded(CODE.composeHealthcheckMissing), message: noHealthcheckMessage(dependency) });
    }
  }
  return out;
}
