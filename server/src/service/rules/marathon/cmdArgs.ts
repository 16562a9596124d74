import { pointerOf, type ComposeModel } from '../../compose/model';
import type { MarathonDefinition } from '../../marathon/definitions';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const cmdAndArgsMessage = (): string =>
  "An app cannot set both 'cmd' and 'args': Marathon refuses it. Keep 'cmd' (run by a shell) or 'args' (run as they are)";

/**
 * Rule `marathon/cmd-and-args`: an app with a non-empty `cmd` and a non-empty `args` (Marathon's AppValidation,
 * `containsCmdArgsOrContainer`). Reported on `args`, the alternative form.
 */
export function cmdAndArgsDiagnostics(model: ComposeModel, definitions: readonly MarathonDefinition[]): Diagnostic[] {
  return definitions.flatMap((definition) => {
    const { cmd, args } = definition.value;
    if (definition.kind !== 'app' || typeof cmd !== 'string' || cmd === '' || !Array.isArray(args) || args.length === 0)
      return [];
    const range = model.keyRange(pointerOf(definition.pointer, 'args'));
    return range ? [{ range, ...coded(CODE.marathonCmdAndArgs), message: cmdAndArgsMessage() }] : [];
  });
}
