import { asRecord, pointerOf, type ComposeModel, type ReferenceScope, type Section } from '@stevedore/model';
import type { ServiceIndex } from '../../compose/serviceIndex';
import { didYouMean } from '../../text';
import type { Diagnostic, Fix } from '../../types';
import { CODE, coded } from '../registry';

const singular: Record<Section, string> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
};

export const undefinedReferenceMessage = (section: Section, name: string, hint?: string): string =>
  `${singular[section]} '${name}' is not defined${section === 'services' ? '' : ` under top-level '${section}'`}${hint ? `. Did you mean '${hint}'?` : ''}`;

/** Defines a missing network, volume, secret or config at the top level (secrets and configs as external). */
function defineFix(model: ComposeModel, section: Exclude<Section, 'services'>, name: string): Fix {
  const eol = model.file.text.includes('\r\n') ? '\r\n' : '\n';
  const body = section === 'secrets' || section === 'configs' ? `${eol}    external: true` : ' {}';
  const entry = `  ${name}:${body}`;
  const sectionRange = model.valueRange(pointerOf('', section));
  if (
    sectionRange &&
    asRecord(asRecord(model.value)[section]) &&
    Object.keys(asRecord(asRecord(model.value)[section])).length > 0
  ) {
    // After the last entry of the section that is there.
    const at = sectionRange.end;
    return {
      kind: 'define-top-level',
      title: `Define ${section.slice(0, -1)} '${name}' at the top level`,
      edits: [{ range: { start: at, end: at }, newText: `${at.character > 0 ? eol : ''}${entry}${at.character > 0 ? '' : eol}` }],
    };
  }
  const end = model.file.positionAt(model.file.text.length);
  const before = /\n$/.test(model.file.text) ? '' : eol;
  return {
    kind: 'define-top-level',
    title: `Define ${section.slice(0, -1)} '${name}' at the top level`,
    edits: [{ range: { start: end, end }, newText: `${before}${section}:${eol}${entry}${eol}` }],
  };
}

/**
 * Rule `compose/undefined-reference`: each name a service uses must be defined in the project (this file, its
 * includes, its override or base file, COMPOSE_FILE). An error, as compose and `docker stack deploy` refuse such a
 * file; a warning in a known fragment of a project (see the model's `isKnownFragment`), whose other files may
 * define the name.
 */
export function referenceDiagnostics(model: ComposeModel, scope: ReferenceScope, index: ServiceIndex): Diagnostic[] {
  const names = scope.names;
  const out: Diagnostic[] = [];
  for (const { pointer: at, summary } of index.services.values()) {
    for (const { section, name, pointer: below, atKey } of summary.references) {
      // Every service is on the implicit `default` network unless it says otherwise.
      if (section === 'networks' && name === 'default') continue;
      if (names[section].has(name)) continue;
      const pointer = at + below;
      const range = atKey ? model.keyRange(pointer) : model.valueRange(pointer);
      if (!range) continue;
      const hint = didYouMean(name, names[section]);
      const fixes: Fix[] = [];
      // Offer the spelling fix only where the value is the bare name (not `db:ro`, not quoted).
      const node = model.info(pointer)?.[atKey ? 'key' : 'node'];
      const written = node?.range ? model.file.text.slice(node.range[0], node.range[1]) : undefined;
      if (hint && written === name)
        fixes.push({ kind: 'did-you-mean', title: `Change to '${hint}'`, edits: [{ range, newText: hint }] });
      if (section !== 'services') fixes.push(defineFix(model, section, name));
      out.push({
        range,
        ...coded(CODE.composeUndefinedReference),
        // A file of a bigger project whose other files are not all known: a warning, not a verdict.
        ...(scope.isFragment() ? { severity: 'warning' as const } : {}),
        message: undefinedReferenceMessage(section, name, hint),
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  }
  return out;
}
