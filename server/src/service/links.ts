import { buildComposeModel } from './compose/model';
import { hostOf, type ValidationContext } from './context';
import { resolveUri } from './host';
import { referencedFiles } from './rules/compose/missingFiles';
import type { SourceFile } from './sourceFile';
import type { Range } from './types';

export interface DocumentLink {
  readonly range: Range;
  readonly target: string;
}

/**
 * Document links for the files a Compose or stack file names that exist: env files, build contexts, extended and
 * included files, secret and config files. (Missing ones are `compose/missing-file` warnings instead.)
 */
export function getDocumentLinks(file: SourceFile, context?: ValidationContext): DocumentLink[] {
  if (file.kind !== 'compose' && file.kind !== 'stack') return [];
  const document = file.yaml.documents[0];
  if (!document) return [];
  const model = buildComposeModel(file.yaml, document);
  const host = hostOf(context);
  return referencedFiles(model.value).flatMap((ref) => {
    const target = resolveUri(file.uri, ref.path);
    const range = model.valueRange(ref.pointer);
    return range && !ref.path.startsWith('~') && host.exists(target) ? [{ range, target }] : [];
  });
}
