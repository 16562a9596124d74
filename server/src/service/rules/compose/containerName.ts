import { asRecord } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const containerNameMessage = (replicas: number): string =>
  `container_name must be unique, so this service cannot run ${replicas} replicas; remove container_name or the replicas`;

/** Rule `compose/container-name-replicas`: a fixed container name allows one container only. */
export function containerNameDiagnostics(model: ComposeModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, definition] of Object.entries(asRecord(asRecord(model.value)['services']))) {
    const service = asRecord(definition);
    if (service['container_name'] === undefined) continue;
    const replicas = Number(asRecord(service['deploy'])['replicas'] ?? service['scale'] ?? 1);
    if (!(replicas > 1)) continue;
    const range = model.keyRange(pointerOf(pointerOf('/services', name), 'container_name'));
    if (range) out.push({ range, ...coded(CODE.composeContainerNameReplicas), message: containerNameMessage(replicas) });
  }
  return out;
}
