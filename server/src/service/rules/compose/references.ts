import { asRecord, pointerOf, serviceReferences, type ComposeModel, type ReferenceScope, type Section } from '@stevedore/model';
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
export function referenceDiagnostics(model: ComposeModel, scope: ReferenceScope): Diagnostic[] {
  const names = scope.names;
  const out: Diagnostic[] = [];
  const services = asRecord(asRecord(model.value)['services']);
  for (const [serviceName, service] of Object.entries(services)) {
    for (const ref of serviceReferences(asRecord(service), pointerOf('/services', serviceName))) {
      // Every service is on the implicit `default` network unless it says otherwise.
      if (ref.section === 'networks' && ref.name === 'default') continue;
      if (names[ref.section].has(ref.name)) continue;
      const range = ref.atKey ? model.keyRange(ref.pointer) : model.valueRange(ref.pointer);
      if (!range) continue;
      const hint = didYouMean(ref.name, names[ref.section]);
      const fixes: Fix[] = [];
      // Offer the spelling fix only where the value is the bare name (not `db:ro`, not quoted).
      const node = model.info(ref.pointer)?.[ref.atKey ? 'key' : 'node'];
      const written = node?.range ? model.file.text.slice(node.range[0], node.range[1]) : undefined;
      if (hint && written === ref.name)
        fixes.push({ kind: 'did-you-mean', title: `Change to '${hint}'`, edits: [{ range, newText: hint }] });
      if (ref.section !== 'services') fixes.push(defineFix(model, ref.section, ref.name));
      out.push({
        range,
        ...coded(CODE.composeUndefinedReference),
        // A file of a bigger project whose other files are not all known: a warning, not a verdict.
        ...(scope.isFragment() ? { severity: 'warning' as const } : {}),
        message: undefinedReferenceMessage(ref.section, ref.name, hint),
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  }
  return out;
}
