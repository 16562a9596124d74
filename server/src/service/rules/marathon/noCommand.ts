import { pointerOf, type ComposeModel } from '../../compose/model';
import type { MarathonDefinition } from '../../marathon/definitions';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

/** Marathon's own wording (AppValidation), so that a search for it finds the rule and Marathon's answer alike. */
export const noCommandMessage = (): string =>
  "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container': give the app a 'cmd', 'args' or a container with a 'docker' image";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The engines a container can run on; another `type` is the schema's error, not this rule's. */
const ENGINES: readonly unknown[] = ['DOCKER', 'MESOS', undefined];

/**
 * A container Marathon counts as something to run: a `docker` section on either engine (`type` defaults to DOCKER).
 * The RAML types this project ships have no `appc`, so Marathon's AppC case cannot arise.
 */
const runsContainer = (container: Record<string, unknown>): boolean => isObject(container['docker']);

/**
 * Rule `marathon/no-command`: an app with neither `cmd`, `args` nor a container to run (AppValidation,
 * `containsCmdArgsOrContainer`: `(cmd ^ args) || (!(cmd && args) && container)`). Both `cmd` and `args` is
 * `marathon/cmd-and-args`. Reported on the container when there is one that runs nothing, else on the app's `id`.
 */
export function noCommandDiagnostics(model: ComposeModel, definitions: readonly MarathonDefinition[]): Diagnostic[] {
  return definitions.flatMap((definition) => {
    if (definition.kind !== 'app') return [];
    const { cmd, args, container } = definition.value;
    const hasCmd = typeof cmd === 'string' && cmd !== '';
    const hasArgs = Array.isArray(args) && args.length > 0;
    if (hasCmd || hasArgs) return [];
    if (isObject(container) && (runsContainer(container) || !ENGINES.includes(container['type']))) return [];
    const at = pointerOf(definition.pointer, isObject(container) ? 'container' : 'id');
    const range = model.keyRange(at) ?? model.keyRange(definition.pointer) ?? model.valueRange(definition.pointer);
    return range ? [{ range, ...coded(CODE.marathonNoCommand), message: noCommandMessage() }] : [];
  });
}
