import { classifyFile } from './classify';
import type { FileKind } from './types';
import { ComposeParses } from './incremental/composeParse';
import { parseYamlFile, type YamlFile } from './yamlFile';

/** A file as the service sees it: its name, text and version, with the kind and the parse derived once. */
export interface SourceFile {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly kind: FileKind;
  readonly yaml: YamlFile;
  /** The text's lines (without their line breaks), split once per version for the features that read lines. */
  readonly lines: readonly string[];
}

/**
 * Keeps one parse per document version. The parse is lazy: a file that no feature asks about is never parsed.
 * Owned by whoever holds the documents (the LSP layer, the CLI); no module-level state.
 */
export class SourceFileCache {
  private readonly entries = new Map<string, SourceFile>();
  /** Compose files parsed piece by piece: an edit parses the section or service it touched. */
  private readonly pieces = new Map<string, ComposeParses>();

  /** `kind` forces what the file is (a setting's globs); otherwise it is classified from name and content. */
  get(uri: string, version: number, text: string, kind?: FileKind): SourceFile {
    const cached = this.entries.get(uri);
    if (cached && cached.version === version && cached.text === text && (kind === undefined || cached.kind === kind))
      return cached;
    const resolved = kind ?? classifyFile(decodeURIComponent(uri), text);
    let parse: ((text: string) => YamlFile) | undefined;
    if (resolved === 'compose' || resolved === 'stack') {
      let pieces = this.pieces.get(uri);
      if (!pieces) this.pieces.set(uri, (pieces = new ComposeParses()));
      const kept = pieces;
      parse = (t) => kept.parse(t) ?? parseYamlFile(t);
    } else this.pieces.delete(uri);
    const file = createSourceFile(uri, version, text, resolved, parse);
    this.entries.set(uri, file);
    return file;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.pieces.delete(uri);
  }
}

/** `kind` forces what the file is (the CLI's `--kind`); otherwise it is classified from its name and content. */
export function createSourceFile(
  uri: string,
  version: number,
  text: string,
  kind?: FileKind,
  parse: (text: string) => YamlFile = parseYamlFile,
): SourceFile {
  let yaml: YamlFile | undefined;
  let lines: string[] | undefined;
  return {
    uri,
    version,
    text,
    kind: kind ?? classifyFile(decodeURIComponent(uri), text),
    get yaml() {
      yaml ??= parse(text);
      return yaml;
    },
    get lines() {
      lines ??= text.split(/\r?\n/);
      return lines;
    },
  };
}
