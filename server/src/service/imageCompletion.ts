import { cursorContext, ITEM } from './cursor';
import type { CompletionItem } from './completion';
import type { LocalImage } from './protocol';
import type { SourceFile } from './sourceFile';
import type { Position } from './types';

/** Where the cursor writes an image reference, and what is typed of it so far. */
export interface ImagePlace {
  readonly typed: string;
  readonly position: Position;
}

function isImagePath(kind: SourceFile['kind'], path: readonly (string | number)[]): boolean {
  if (kind === 'compose' || kind === 'stack') return path.length === 3 && path[0] === 'services' && path[2] === 'image';
  if (kind !== 'kubernetes') return false;
  const [container, item, image] = path.slice(-3);
  return (
    image === 'image' &&
    (item === ITEM || typeof item === 'number') &&
    /^(initContainers|containers|ephemeralContainers)$/.test(String(container))
  );
}

/** The image value under the cursor (`image: ngi`, a container's `image:`), or undefined anywhere else. */
export function imagePlace(file: SourceFile, position: Position): ImagePlace | undefined {
  if (file.kind !== 'compose' && file.kind !== 'stack' && file.kind !== 'kubernetes') return undefined;
  const cursor = cursorContext(file.lines, position);
  if (cursor.at !== 'value' || !isImagePath(file.kind, cursor.path)) return undefined;
  const typed = cursor.prefix.replace(/^["']/, '');
  return /^[\w./:@-]*$/.test(typed) ? { typed, position } : undefined;
}

/**
 * Image names, or a name's tags once `:` is typed after it (a registry's `host:port/` is not a tag), from the images
 * the client found on the local engine. Each item replaces what is typed of the name or of the tag.
 */
export function imageCompletions(place: ImagePlace, images: readonly LocalImage[]): CompletionItem[] {
  const { typed, position } = place;
  const colon = typed.lastIndexOf(':');
  const range = (length: number) => ({ start: { line: position.line, character: position.character - length }, end: position });
  const tags: CompletionItem[] = [];
  if (colon > typed.lastIndexOf('/')) {
    const repository = typed.slice(0, colon);
    const tag = typed.slice(colon + 1);
    const known = new Set(images.filter((i) => i.repository === repository).flatMap((i) => i.tags));
    for (const t of [...known].filter((t) => t.startsWith(tag)).sort())
      tags.push({
        label: t,
        kind: 'image' as const,
        detail: `${repository}:${t}`,
        edit: { range: range(tag.length), newText: t },
      });
  }
  // `localhost:5` may be the start of a registry address as well as a tag: names that start so come after the tags.
  const byName = new Map<string, Set<string>>();
  for (const image of images) {
    if (!image.repository.startsWith(typed)) continue;
    const tags = byName.get(image.repository) ?? new Set<string>();
    image.tags.forEach((t) => tags.add(t));
    byName.set(image.repository, tags);
  }
  const names = [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, nameTags]) => ({
      label: name,
      kind: 'image' as const,
      detail: [...nameTags].sort().join(', '),
      edit: { range: range(typed.length), newText: name },
    }));
  return [...tags, ...names];
}
