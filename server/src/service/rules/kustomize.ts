import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { resolveUri, type ProjectHost } from '../host';
import { didYouMean } from '../text';
import type { Diagnostic } from '../types';
import type { YamlFile } from '../yamlFile';
import { CODE, coded } from './registry';

/** The fields of a Kustomization that kustomize reads (current and still-accepted deprecated ones). */
export const KUSTOMIZATION_KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'bases',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'images',
  'replicas',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'generators',
  'transformers',
  'validators',
  'crds',
  'vars',
  'replacements',
  'helmCharts',
  'helmGlobals',
  'openapi',
  'buildMetadata',
  'sortOptions',
  'configurations',
  'inventory',
  'nameReference',
];

const isRemote = (path: string): boolean =>
  /^(https?:\/\/|git@|ssh:\/\/|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(path) || /\?ref=/.test(path);

/** Rules `kustomize/*`: keys kustomize knows; local resources, bases and components that exist. */
export function kustomizationDiagnostics(file: YamlFile, uri: string, host: ProjectHost): Diagnostic[] {
  const root = file.documents[0]?.contents;
  if (!isMap(root)) return [];
  const out: Diagnostic[] = [];
  const rangeOf = (node: Node | null | undefined) => (node?.range ? file.rangeOf(node.range[0], node.range[1]) : undefined);
  for (const pair of root.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const keyRange = rangeOf(pair.key);
    if (!KUSTOMIZATION_KEYS.includes(key) && keyRange) {
      const hint = didYouMean(key, KUSTOMIZATION_KEYS);
      out.push({
        range: keyRange,
        ...coded(CODE.kustomizeUnknownKey),
        message: `kustomize does not know '${key}'${hint ? `. Did you mean '${hint}'?` : ''}`,
      });
    }
    if (!['resources', 'bases', 'components'].includes(key) || !isSeq(pair.value)) continue;
    for (const item of pair.value.items) {
      if (!isScalar(item) || typeof item.value !== 'string' || isRemote(item.value)) continue;
      const range = rangeOf(item);
      if (range && !host.exists(resolveUri(uri, item.value))) {
        out.push({
          range,
          ...coded(CODE.kustomizeMissingResource),
          message: `'${item.value}' listed in ${key} does not exist`,
        });
      }
    }
  }
  return out;
}

/** The files a kustomization applies as patches (they are partial objects), as URIs. */
export function patchFiles(kustomizationText: string, kustomizationUri: string): string[] {
  const files: string[] = [];
  const patchLine = /^\s*-\s*(?:path:\s*)?([^\s#{}]+\.ya?ml)\s*$/;
  let inPatches = false;
  for (const line of kustomizationText.split(/\r?\n/)) {
    if (/^\S/.test(line)) inPatches = /^(patches|patchesStrategicMerge|patchesJson6902)\s*:/.test(line);
    const match = inPatches ? patchLine.exec(line) : null;
    if (match?.[1]) files.push(resolveUri(kustomizationUri, match[1]));
    const pathField = inPatches ? /^\s+path:\s*([^\s#]+\.ya?ml)\s*$/.exec(line) : null;
    if (pathField?.[1]) files.push(resolveUri(kustomizationUri, pathField[1]));
  }
  return files;
}
