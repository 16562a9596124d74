import { asRecord, namesOf } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
import { readProjectFile } from '../../compose/project';
import { resolveUri, type ProjectHost } from '../../host';
import { didYouMean } from '../../text';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const extendedServiceMessage = (service: string, file: string, hint?: string): string =>
  `service '${service}' is not defined in ${file}${hint ? `. Did you mean '${hint}'?` : ''}`;

/**
 * Rule `compose/undefined-reference` for `extends: {file, service}`: the service must be defined in that file. (A
 * file that does not exist is `compose/missing-file`'s to report.)
 */
export function extendsFileDiagnostics(model: ComposeModel, fileUri: string, host: ProjectHost): Diagnostic[] {
  const out: Diagnostic[] = [];
  const services = new Map<string, Set<string> | undefined>();
  for (const [name, definition] of Object.entries(asRecord(asRecord(model.value)['services']))) {
    const extendsValue = asRecord(asRecord(definition)['extends']);
    const file = extendsValue['file'];
    const service = extendsValue['service'];
    if (typeof file !== 'string' || typeof service !== 'string') continue;
    const uri = resolveUri(fileUri, file);
    if (!services.has(uri)) {
      const other = readProjectFile(host, uri);
      services.set(uri, other === undefined ? undefined : new Set(namesOf(other).services));
    }
    const defined = services.get(uri);
    if (!defined || defined.has(service)) continue;
    const range = model.valueRange(pointerOf(pointerOf(pointerOf('/services', name), 'extends'), 'service'));
    if (range)
      out.push({
        range,
        ...coded(CODE.composeUndefinedReference),
        message: extendedServiceMessage(service, file, didYouMean(service, defined)),
      });
  }
  return out;
}
