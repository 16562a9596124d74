import { isMap, type Document } from 'yaml';
import { isMarathonDefinition } from './marathon/detect';
import type { FileKind } from './types';

/**
 * Decides what a file is. Order of precedence: a `# stevedore: <kind>` modeline on the first line, then the file
 * name, then the content: a Marathon definition (a JSON object, `isMarathonDefinition`), else whichever comes first
 * of a top-level `services:` (Compose) or a top-level `apiVersion` and `kind` (Kubernetes). The file's kind is its
 * default; `documentKinds` then judges each document by what it says. The settings' globs (`stevedore.stackFiles`,
 * `stevedore.marathonFiles`) come before all of these; the session applies them.
 */
const modeline = /^#\s*stevedore:\s*(compose|stack|kubernetes|kustomization)\b/;
const kustomizationName = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

const stackName = /(^|\/)(docker-stack[^/]*|[^/]*\.stack|stack)\.ya?ml$/i;
const composeName = /(^|\/)(docker-)?compose[^/]*\.ya?ml$/i;
const marathonName = /(^|\/)(marathon[^/]*|[^/]*\.marathon)\.json$/i;

export function classifyFile(fileName: string, text: string): FileKind {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const declared = modeline.exec(firstLine)?.[1] as FileKind | undefined;
  if (declared) return declared;
  const name = fileName.replace(/\\/g, '/');
  if (kustomizationName.test(name)) return 'kustomization';
  if (stackName.test(name)) return 'stack';
  if (composeName.test(name)) return 'compose';
  if (marathonName.test(name) || isMarathonDefinition(text)) return 'marathon';
  const services = text.search(/^services\s*:/m);
  const manifest = /^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text) ? text.search(/^(apiVersion|kind)\s*:/m) : -1;
  if (services >= 0 && (manifest < 0 || services < manifest)) return 'compose';
  if (manifest >= 0) return 'kubernetes';
  return 'yaml';
}

/** What one document of a file is judged as; undefined: no Compose or Kubernetes rule looks at it. */
export type DocumentKind = 'compose' | 'stack' | 'kubernetes';

/** What a document says it is by its top-level keys: `apiVersion` and `kind` (and no `services`), or `services`. */
function shapeOf(document: Document.Parsed): 'kubernetes' | 'compose' | undefined {
  const root = document.contents;
  if (!isMap(root)) return undefined;
  if (root.has('services')) return 'compose';
  return root.has('apiVersion') && root.has('kind') ? 'kubernetes' : undefined;
}

/**
 * Each document of a file, judged by what it says, so that a stream holding Compose and Kubernetes documents gets
 * the rules of each. A document that says `apiVersion` and `kind` is a manifest. In a Compose or stack file the first
 * other document is the project (the tools read only that one); in a manifest file, so is the first document that
 * says `services`, and every other document is a manifest. Kustomizations and plain YAML have none of these kinds.
 */
export function documentKinds(kind: FileKind, documents: readonly Document.Parsed[]): (DocumentKind | undefined)[] {
  if (kind !== 'compose' && kind !== 'stack' && kind !== 'kubernetes') return documents.map(() => undefined);
  let project = false;
  return documents.map((document): DocumentKind | undefined => {
    const shape = shapeOf(document);
    if (shape === 'kubernetes') return 'kubernetes';
    const isProject = !project && (kind !== 'kubernetes' || shape === 'compose');
    if (isProject) {
      project = true;
      return kind === 'stack' ? 'stack' : 'compose';
    }
    return kind === 'kubernetes' ? 'kubernetes' : undefined;
  });
}
