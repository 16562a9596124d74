import { asRecord, cycleMessage, pointerOf, walkDependencies, type ComposeModel } from '@stevedore/model';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export { cycleMessage };
export const noHealthcheckMessage = (service: string): string =>
  `'${service}' has no healthcheck, so service_healthy waits forever unless its image defines a HEALTHCHECK`;

/** Rules `compose/depends-on-cycle` and `compose/healthcheck-missing`. */
export function dependsOnDiagnostics(model: ComposeModel): Diagnostic[] {
  const services = asRecord(asRecord(model.value)['services']);
  const out: Diagnostic[] = [];
  for (const cycle of walkDependencies(services).cycles) {
    const dependsOn = pointerOf(pointerOf('/services', cycle.from), 'depends_on');
    const range = model.keyRange(pointerOf(dependsOn, 0)) ?? model.keyRange(dependsOn);
    if (range) out.push({ range, ...coded(CODE.composeDependsOnCycle), message: cycleMessage(cycle.services) });
  }

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
