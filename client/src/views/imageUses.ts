import { asRecord, buildComposeModel, parseYamlFile, pointerOf } from '@stevedore/model';

/**
 * Which Compose files name an image: each service's `image:` read through the project model (the same parse and
 * document model the diagnostics use; no parser of its own), matched to the engine's tags as the engine names them
 * (`nginx` is `nginx:latest`, `docker.io/library/nginx` is `nginx`). Plain data, no vscode.
 */

export interface ImageUse {
  readonly uri: string;
  readonly service: string;
  readonly image: string;
  /** Where the `image:` value is (0-based line and character). */
  readonly line: number;
  readonly character: number;
}

/** The engine's form of a reference: the default registry and library dropped, `:latest` when it names no tag. */
export function normalizeImageReference(reference: string): string {
  let name = reference
    .trim()
    .replace(/^docker\.io\//, '')
    .replace(/^library\//, '');
  if (name.includes('@')) return name;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  if (!lastPart.includes(':')) name = `${name}:latest`;
  return name;
}

/** The services of one Compose file and the images they name (values still holding `${…}` are left out). */
export function imageUsesOf(uri: string, text: string): ImageUse[] {
  const file = parseYamlFile(text);
  const document = file.documents[0];
  if (!document) return [];
  const model = buildComposeModel(file, document);
  const services = asRecord(asRecord(model.value)['services']);
  return Object.entries(services).flatMap(([service, value]) => {
    const image = asRecord(value)['image'];
    if (typeof image !== 'string' || image.includes('$')) return [];
    const range = model.valueRange(pointerOf(pointerOf('/services', service), 'image'));
    return [{ uri, service, image, line: range?.start.line ?? 0, character: range?.start.character ?? 0 }];
  });
}

/** The uses that name one of an image's tags. */
export function usesOfImage(tags: readonly string[], uses: readonly ImageUse[]): ImageUse[] {
  const names = new Set(tags.map(normalizeImageReference));
  return uses.filter((use) => names.has(normalizeImageReference(use.image)));
}
