import { asRecord, cycleMessage, pointerOf, walkDependencies, type ComposeModel } from '@stevedore/model';
import type { ServiceIndex } from '../../compose/serviceIndex';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export { cycleMessage };
export const noHealthcheckMessage = (service: string): string =>
  `'${service}' has no healthcheck, so service_healthy waits forever unless its image defines a HEALTHCHECK`;

/** Rules `compose/depends-on-cycle` and `compose/healthcheck-missing`, on the index's edges. */
export function dependsOnDiagnostics(model: ComposeModel, index: ServiceIndex): Diagnostic[] {
  const services = asRecord(asRecord(model.value)['services']);
  const summaries = index.services;
  const out: Diagnostic[] = [];
  const edges = (name: string): readonly string[] => summaries.get(name)?.summary.dependencies ?? [];
  for (const cycle of walkDependencies(services, [...summaries.keys()], edges).cycles) {
    const dependsOn = pointerOf(pointerOf('/services', cycle.from), 'depends_on');
    const range = model.keyRange(pointerOf(dependsOn, 0)) ?? model.keyRange(dependsOn);
    if (range) out.push({ range, ...coded(CODE.composeDependsOnCycle), message: cycleMessage(cycle.services) });
  }

  for (const { pointer, summary } of summaries.values()) {
    for (const dependency of summary.awaitsHealthy) {
      const awaited = summaries.get(dependency);
      if (!awaited || awaited.summary.hasHealthcheck) continue;
      const range = model.valueRange(pointerOf(pointerOf(pointerOf(pointer, 'depends_on'), dependency), 'condition'));
      if (range) out.push({ range, ...coded(CODE.composeHealthcheckMissing), message: noHealthcheckMessage(dependency) });
    }
  }
  return out;
}
