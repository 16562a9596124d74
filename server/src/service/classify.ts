import type { FileKind } from './types';

/**
 * Decides what a file is. Order of precedence: a `# stevedore: <kind>` modeline on the first line, then the file
 * name, then the content. Kubernetes is decided per document by the validator later; here a file is `kubernetes` when
 * its first document says `apiVersion` and `kind` at the top level.
 */
const modeline = /^#\s*stevedore:\s*(compose|stack|kubernetes|kustomization)\b/;
const kustomizationName = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

const stackName = /(^|\/)(docker-stack[^/]*|[^/]*\.stack|stack)\.ya?ml$/i;
const composeName = /(^|\/)(docker-)?compose[^/]*\.ya?ml$/i;

export function classifyFile(fileName: string, text: string): FileKind {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const declared = modeline.exec(firstLine)?.[1] as FileKind | undefined;
  if (declared) return declared;
  const name = fileName.replace(/\\/g, '/');
  if (kustomizationName.test(name)) return 'kustomization';
  if (stackName.test(name)) return 'stack';
  if (composeName.test(name)) return 'compose';
  if (/^services\s*:/m.test(text)) return 'compose';
  if (/^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text)) return 'kubernetes';
  return 'yaml';
}
