import { pointerOf, type ComposeModel } from '../../compose/model';
import type { MarathonDefinition } from '../../marathon/definitions';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const negativeInstancesMessage = (what: string, value: number): string =>
  `${what} must be 0 or more, not ${value}: 0 suspends it, more runs that many instances`;

/** Where a definition says how many instances to run: an app's `instances`, a pod's `scaling.instances`. */
function instancesOf(definition: MarathonDefinition): { pointer: string; value: unknown; what: string } | undefined {
  const { value, pointer } = definition;
  if (definition.kind === 'app')
    return { pointer: pointerOf(pointer, 'instances'), value: value['instances'], what: 'instances' };
  const scaling = value['scaling'];
  if (definition.kind !== 'pod' || typeof scaling !== 'object' || scaling === null) return undefined;
  return {
    pointer: pointerOf(pointerOf(pointer, 'scaling'), 'instances'),
    value: (scaling as Record<string, unknown>)['instances'],
    what: 'scaling.instances',
  };
}

/** Rule `marathon/negative-instances`: an instance count below 0 (AppValidation, PodsValidation: `instances >= 0`). */
export function negativeInstancesDiagnostics(model: ComposeModel, definitions: readonly MarathonDefinition[]): Diagnostic[] {
  return definitions.flatMap((definition) => {
    const found = instancesOf(definition);
    if (!found || typeof found.value !== 'number' || found.value >= 0) return [];
    const range = model.valueRange(found.pointer);
    return range
      ? [{ range, ...coded(CODE.marathonNegativeInstances), message: negativeInstancesMessage(found.what, found.value) }]
      : [];
  });
}
