import type { CompletionItem } from './completion';
import type { ValidationContext } from './context';
import { gvkAround, type CursorContext } from './cursor';
import type { KubeObject } from './kubernetes/objects';
import type { Position } from './types';

/** Where the cursor writes a label selector: a Service's `spec.selector`, or any `matchLabels` (workloads, policies). */
function selectorAt(cursor: CursorContext, kind: string | undefined): { key?: string } | undefined {
  const path = cursor.path.filter((s): s is string => typeof s === 'string');
  const isSelector = (steps: readonly string[]): boolean =>
    (kind === 'Service' && steps.length === 2 && steps[0] === 'spec' && steps[1] === 'selector') ||
    steps[steps.length - 1] === 'matchLabels';
  if (cursor.at === 'key' && !cursor.inListItem && isSelector(path)) return {};
  if (cursor.at === 'value' && path.length > 1 && isSelector(path.slice(0, -1))) return { key: path[path.length - 1] ?? '' };
  return undefined;
}

/** label key → value → the workloads whose pod template carries it. */
function podLabels(objects: readonly KubeObject[]): Map<string, Map<string, string[]>> {
  const labels = new Map<string, Map<string, string[]>>();
  for (const object of objects) {
    for (const [key, value] of Object.entries(object.podLabels ?? {})) {
      const values = labels.get(key) ?? new Map<string, string[]>();
      values.set(value, [...(values.get(value) ?? []), `${object.kind}/${object.name}`]);
      labels.set(key, values);
    }
  }
  return labels;
}

const owners = (workloads: readonly string[]): string =>
  workloads.length > 3 ? `${workloads.slice(0, 3).join(', ')} and ${workloads.length - 3} more` : workloads.join(', ');

/**
 * In a Service's selector and in `matchLabels`: the label keys of the workspace's pod templates (not yet written
 * here), and once a key is written, the values that key takes, each naming the workloads it would select.
 */
export function selectorCompletions(
  lines: readonly string[],
  position: Position,
  cursor: CursorContext,
  context: ValidationContext | undefined,
): CompletionItem[] | undefined {
  const place = selectorAt(cursor, gvkAround(lines, position.line).kind);
  if (!place) return undefined;
  const labels = podLabels(context?.kubernetes?.objects?.() ?? []);
  if (place.key === undefined) {
    return [...labels]
      .filter(([key]) => !cursor.siblings.has(key) && key.startsWith(cursor.prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, values]) => {
        const only = values.size === 1 ? [...values.keys()][0] : undefined;
        return {
          label: key,
          kind: 'reference' as const,
          detail: [...values.keys()].sort().join(', '),
          documentation: [...values].map(([value, workloads]) => `\`${key}: ${value}\` — ${owners(workloads)}`).join('\n\n'),
          snippet: only !== undefined ? `${key}: ${only}$0` : `${key}: $0`,
        };
      });
  }
  return [...(labels.get(place.key) ?? [])]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, workloads]) => ({ label: value, kind: 'value' as const, detail: owners(workloads) }));
}
