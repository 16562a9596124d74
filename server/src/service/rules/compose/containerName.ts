import type { ServiceIndex } from '../../compose/serviceIndex';
import { pointerOf, type ComposeModel } from '../../compose/model';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const containerNameMessage = (replicas: number): string =>
  `container_name must be unique, so this service cannot run ${replicas} replicas; remove container_name or the replicas`;

/** Rule `compose/container-name-replicas`: a fixed container name allows one container only. */
export function containerNameDiagnostics(model: ComposeModel, index: ServiceIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { pointer, summary } of index.services.values()) {
    const { containerName, replicas } = summary;
    if (!containerName || !(replicas > 1)) continue;
    const range = model.keyRange(pointerOf(pointer, 'container_name'));
    if (range) out.push({ range, ...coded(CODE.composeContainerNameReplicas), message: containerNameMessage(replicas) });
  }
  return out;
}
