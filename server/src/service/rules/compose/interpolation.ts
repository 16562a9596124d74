import { isScalar, Scalar } from 'yaml';
import type { ComposeModel, NodeInfo } from '../../compose/model';
import type { Diagnostic, Range } from '../../types';
import { CODE, coded } from '../registry';

export const unsetVariableMessage = (name: string): string =>
  `Variable ${name} is not set, so it becomes an empty string. Define it in .env, or give a default: \${${name}:-value}`;
export const requiredVariableMessage = (name: string, message: string): string =>
  `Variable ${name} is required${message ? ` ("${message}")` : ''}: deploying fails unless it is set in .env or the deploying shell`;

/**
 * Maps offsets in a scalar's value to the document, when the value is written as it reads (no escapes, no folding);
 * else every offset maps to the whole scalar. Also used for OpenShift Template parameter references.
 */
export function offsetMapper(model: ComposeModel, info: NodeInfo): (start: number, end: number) => Range | undefined {
  const node = info.node;
  const whole = node.range ? model.file.rangeOf(node.range[0], node.range[1]) : undefined;
  if (!isScalar(node) || !node.range || typeof node.value !== 'string') return () => whole;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const base = node.range[0] + (quoted ? 1 : 0);
  const written = model.file.text.slice(base, base + node.value.length) === node.value;
  return (start, end) => (written ? model.file.rangeOf(base + start, base + end) : whole);
}

/**
 * Rules `compose/interpolation-syntax` (a malformed `${`), `compose/unset-variable` (no value and no default: compose
 * substitutes "") and `compose/required-variable` (`${X:?message}` with X unset).
 */
export function interpolationDiagnostics(model: ComposeModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [, info] of model.interpolated()) {
    const interpolation = info.interpolation;
    if (!interpolation) continue;
    const rangeOf = offsetMapper(model, info);
    const push = (start: number, end: number, d: Omit<Diagnostic, 'range'>): void => {
      const range = rangeOf(start, end);
      if (range) out.push({ ...d, range });
    };
    for (const problem of interpolation.problems) {
      push(problem.start, problem.end, { ...coded(CODE.composeInterpolationSyntax), message: problem.message });
    }
    for (const use of interpolation.uses) {
      const unset = use.value === undefined || (use.operator === ':?' && use.value === '');
      if (!unset) continue;
      if (use.operator === '') {
        push(use.start, use.end, { ...coded(CODE.composeUnsetVariable), message: unsetVariableMessage(use.name) });
      } else if (use.operator === ':?' || use.operator === '?') {
        push(use.start, use.end, {
          ...coded(CODE.composeRequiredVariable),
          message: requiredVariableMessage(use.name, use.argument),
        });
      }
    }
  }
  return out;
}
