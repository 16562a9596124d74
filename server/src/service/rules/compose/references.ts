import { asRecord, type ProjectNames, type Section } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
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

/** One place where a service names something: what it names, in which section, and where it is written. */
export interface Reference {
  readonly section: Section;
  readonly name: string;
  readonly pointer: string;
  /** Where to point: at the map key (depends_on's long form) or at the value. */
  readonly atKey?: boolean;
}

/** A short volume entry's source is a named volume unless it is a path (`./x`, `/x`, `~/x`, `C:\x`) or empty. */
export function namedVolumeSource(entry: string): string | undefined {
  const source = entry.split(':')[0] ?? '';
  if (!entry.includes(':') || source === '' || /^[./~$\\]/.test(source) || /^[A-Za-z]$/.test(source)) return undefined;
  return source;
}

function listOrKeys(value: unknown, pointer: string, section: Section, out: Reference[], clean = (s: string) => s): void {
  if (Array.isArray(value)) {
    value.forEach(
      (item, i) => typeof item === 'string' && out.push({ section, name: clean(item), pointer: pointerOf(pointer, i) }),
    );
  } else {
    for (const name of Object.keys(asRecord(value))) out.push({ section, name, pointer: pointerOf(pointer, name), atKey: true });
  }
}

/** Every reference a service makes to services, networks, volumes, secrets and configs. */
export function serviceReferences(service: Record<string, unknown>, at: string): Reference[] {
  const out: Reference[] = [];
  listOrKeys(service['depends_on'], pointerOf(at, 'depends_on'), 'services', out);
  listOrKeys(service['links'], pointerOf(at, 'links'), 'services', out, (s) => s.split(':')[0] ?? s);
  listOrKeys(service['networks'], pointerOf(at, 'networks'), 'networks', out);
  const extendsValue = service['extends'];
  if (typeof extendsValue === 'string') out.push({ section: 'services', name: extendsValue, pointer: pointerOf(at, 'extends') });
  const extendsRecord = asRecord(extendsValue);
  if (typeof extendsRecord['service'] === 'string' && extendsRecord['file'] === undefined) {
    out.push({ section: 'services', name: extendsRecord['service'], pointer: pointerOf(pointerOf(at, 'extends'), 'service') });
  }
  const volumesFrom = service['volumes_from'];
  if (Array.isArray(volumesFrom)) {
    volumesFrom.forEach((item, i) => {
      if (typeof item === 'string' && !item.startsWith('container:')) {
        out.push({ section: 'services', name: item.split(':')[0] ?? item, pointer: pointerOf(pointerOf(at, 'volumes_from'), i) });
      }
    });
  }
  const networkMode = service['network_mode'];
  if (typeof networkMode === 'string' && networkMode.startsWith('service:')) {
    out.push({ section: 'services', name: networkMode.slice('service:'.length), pointer: pointerOf(at, 'network_mode') });
  }
  const volumes = service['volumes'];
  if (Array.isArray(volumes)) {
    volumes.forEach((item, i) => {
      const pointer = pointerOf(pointerOf(at, 'volumes'), i);
      const long = asRecord(item);
      const name =
        typeof item === 'string'
          ? namedVolumeSource(item)
          : long['type'] === 'volume' && typeof long['source'] === 'string'
            ? long['source']
            : undefined;
      if (name)
        out.push({ section: 'volumes', name, pointer: typeof item === 'string' ? pointer : pointerOf(pointer, 'source') });
    });
  }
  for (const section of ['secrets', 'configs'] as const) {
    const list = service[section];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const pointer = pointerOf(pointerOf(at, section), i);
      if (typeof item === 'string') out.push({ section, name: item, pointer });
      else if (typeof asRecord(item)['source'] === 'string')
        out.push({ section, name: String(asRecord(item)['source']), pointer: pointerOf(pointer, 'source') });
    });
  }
  return out;
}

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
 * includes, its override or base file, COMPOSE_FILE). A warning, not an error: a file can be one of several given
 * with `-f`, and the others are not known here.
 */
export function referenceDiagnostics(model: ComposeModel, names: ProjectNames): Diagnostic[] {
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
        message: undefinedReferenceMessage(ref.section, ref.name, hint),
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  }
  return out;
}
