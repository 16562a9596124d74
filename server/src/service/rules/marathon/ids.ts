import type { ComposeModel } from '../../compose/model';
import { pointerOf } from '../../compose/model';
import type { MarathonDefinition } from '../../marathon/definitions';
import { canonicalPath, isValidSegment, parsePathId, pathText, RESERVED_LAST_SEGMENTS } from '../../marathon/pathId';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const idMessages = {
  segment: (id: string, segment: string) =>
    `'${id}' is not a valid Marathon id: '${segment}' must be lowercase letters and digits, with '-' only inside a name and '.' between names (or be '.' or '..')`,
  reserved: (id: string, last: string) => `'${id}' ends with '${last}', which Marathon reserves: choose another last segment`,
  root: (what: 'app' | 'pod') =>
    `A${what === 'app' ? 'n' : ''} ${what} cannot have the root '/' as its id: name it, e.g. '/my-${what}'`,
  notChild: (id: string, group: string) =>
    `'${id}' is not a direct child of its group '${group}': Marathon wants '${group === '/' ? '' : group}/<name>' here`,
};

/** Why a path id is refused, by segment syntax and reserved last segment, or undefined when it is not. */
function syntaxProblem(text: string): string | undefined {
  const id = parsePathId(text);
  const bad = id.segments.find((s) => !isValidSegment(s));
  if (bad !== undefined) return idMessages.segment(text, bad);
  const last = id.segments[id.segments.length - 1];
  return last !== undefined && RESERVED_LAST_SEGMENTS.includes(last) ? idMessages.reserved(text, last) : undefined;
}

function idProblem(definition: MarathonDefinition, text: string): string | undefined {
  const syntax = syntaxProblem(text);
  if (syntax) return syntax;
  const id = parsePathId(text);
  const path = canonicalPath(id, definition.group);
  if (definition.kind !== 'group' && path.length === 0) return idMessages.root(definition.kind);
  // In a group, an app or group must be its direct child (PathId.validPathWithBase).
  const group = definition.group;
  if (group && (path.length !== group.length + 1 || group.some((s, i) => path[i] !== s)))
    return idMessages.notChild(text, pathText(group));
  return undefined;
}

/**
 * Rule `marathon/invalid-id`: ids and dependencies as Marathon's `PathId` validation takes them. An empty id is the
 * schema's (`minLength`), and a missing one too (`marathon/missing-key`).
 */
export function invalidIdDiagnostics(model: ComposeModel, definitions: readonly MarathonDefinition[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (pointer: string, message: string | undefined): void => {
    const range = message ? model.valueRange(pointer) : undefined;
    if (range && message) out.push({ range, ...coded(CODE.marathonInvalidId), message });
  };
  for (const definition of definitions) {
    const { id, dependencies } = definition.value;
    if (typeof id === 'string' && id !== '') report(pointerOf(definition.pointer, 'id'), idProblem(definition, id));
    if (!Array.isArray(dependencies)) continue;
    dependencies.forEach((dependency, i) => {
      if (typeof dependency === 'string' && dependency !== '')
        report(pointerOf(pointerOf(definition.pointer, 'dependencies'), i), syntaxProblem(dependency));
    });
  }
  return out;
}
