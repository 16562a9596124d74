import { pointerOf, type ComposeModel } from '../../compose/model';
import { readablePath } from '../../compose/schemaDiagnostics';
import type { MarathonDefinition } from '../../marathon/definitions';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const duplicatePortNameMessage = (name: string, first: string): string =>
  `Port name '${name}' is already used by ${first}: Marathon wants port names unique`;

/** A list of ports (objects with an optional `name`) at a pointer. */
interface PortList {
  readonly pointer: string;
  readonly items: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The groups of ports whose names must differ: an app's `portDefinitions`, its `container.portMappings` (and the
 * older `container.docker.portMappings`), each on its own; a pod's endpoints of all its containers together.
 */
function portGroups(definition: MarathonDefinition): PortList[][] {
  const { value, pointer } = definition;
  if (definition.kind === 'app') {
    const container = isObject(value['container']) ? value['container'] : {};
    const docker = isObject(container['docker']) ? container['docker'] : {};
    const at = (...keys: string[]): string => keys.reduce(pointerOf, pointer);
    return [
      [{ pointer: at('portDefinitions'), items: value['portDefinitions'] }],
      [{ pointer: at('container', 'portMappings'), items: container['portMappings'] }],
      [{ pointer: at('container', 'docker', 'portMappings'), items: docker['portMappings'] }],
    ];
  }
  if (definition.kind !== 'pod' || !Array.isArray(value['containers'])) return [];
  const containers = value['containers'] as unknown[];
  return [
    containers.map((container, i) => ({
      pointer: pointerOf(pointerOf(pointerOf(pointer, 'containers'), i), 'endpoints'),
      items: isObject(container) ? container['endpoints'] : undefined,
    })),
  ];
}

/**
 * Rule `marathon/duplicate-port-name`: AppValidation's "Port names must be unique" (port definitions, port
 * mappings) and PodsValidation's unique endpoint names. Reported on each name after the first.
 */
export function duplicatePortNameDiagnostics(model: ComposeModel, definitions: readonly MarathonDefinition[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const group of definitions.flatMap(portGroups)) {
    const seen = new Map<string, string>();
    for (const list of group) {
      if (!Array.isArray(list.items)) continue;
      list.items.forEach((port, i) => {
        const name = isObject(port) ? port['name'] : undefined;
        if (typeof name !== 'string') return;
        const at = pointerOf(pointerOf(list.pointer, i), 'name');
        const first = seen.get(name);
        const range = first === undefined ? undefined : model.valueRange(at);
        if (first !== undefined && range)
          out.push({ range, ...coded(CODE.marathonDuplicatePortName), message: duplicatePortNameMessage(name, first) });
        if (first === undefined) seen.set(name, readablePath(pointerOf(list.pointer, i)));
      });
    }
  }
  return out;
}
