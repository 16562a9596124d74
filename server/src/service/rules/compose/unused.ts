import { asRecord } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
import type { Diagnostic } from '../../types';
import type { ServiceIndex } from '../../compose/serviceIndex';
import { CODE, coded } from '../registry';

export const unusedMessage = (kind: 'network' | 'volume', name: string): string =>
  `${kind} '${name}' is defined but no service uses it`;

/** Rule `compose/unused`: top-level networks and volumes that no service uses (a hint: harmless, often an oversight). */
export function unusedDiagnostics(model: ComposeModel, index: ServiceIndex): Diagnostic[] {
  const root = asRecord(model.value);
  const used = { networks: new Set<string>(), volumes: new Set<string>() };
  for (const { summary } of index.services.values()) {
    for (const ref of summary.references) {
      if (ref.section === 'networks' || ref.section === 'volumes') used[ref.section].add(ref.name);
    }
  }
  const out: Diagnostic[] = [];
  for (const section of ['networks', 'volumes'] as const) {
    for (const name of Object.keys(asRecord(root[section]))) {
      // `default` configures the implicit network every service joins.
      if (used[section].has(name) || (section === 'networks' && name === 'default')) continue;
      const range = model.keyRange(pointerOf(pointerOf('', section), name));
      if (range)
        out.push({
          range,
          ...coded(CODE.composeUnused),
          message: unusedMessage(section === 'networks' ? 'network' : 'volume', name),
        });
    }
  }
  return out;
}
