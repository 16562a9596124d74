import { documentKinds } from '../classify';
import { hostOf, type ValidationContext } from '../context';
import { objectsOfFile, type KubeObject } from '../kubernetes/objects';
import { createSourceFile, type SourceFile } from '../sourceFile';
import { getDocumentSymbols, type DocumentSymbol } from '../symbols';
import { isTemplated } from '../templates';
import type { Diagnostic } from '../types';
import { FULL_CHECK_LIMIT, isKustomizePatch, validate } from '../validate';
import {
  resplitDocuments,
  shiftDiagnostics,
  shiftObjects,
  shiftSymbols,
  splitDocuments,
  type Chunk,
  type Resplit,
} from './chunks';
import { IndexAnswers, sameKey, type Asked } from './indexAnswers';

/** One document of a manifest file, parsed and checked on its own, kept while its text does not change. */
interface Entry {
  /** The document alone, under the file's URI, with its own line numbers. */
  readonly file: SourceFile;
  objects?: readonly KubeObject[];
  findings?: { readonly asked: Asked; readonly diagnostics: readonly Diagnostic[] };
  /** Its objects and findings as last moved to where the document was: an edit elsewhere seldom moves it. */
  movedObjects?: { readonly line: number; readonly objects: readonly KubeObject[] };
  movedFindings?: { readonly line: number; readonly of: readonly Diagnostic[]; readonly diagnostics: readonly Diagnostic[] };
  /** Its outline, from its own parse, as last moved to where the document was. */
  symbols?: readonly DocumentSymbol[];
  movedSymbols?: { readonly line: number; readonly symbols: readonly DocumentSymbol[] };
  /** Whether the document parses alone as it does in the file (see `readsAlone`), asked once. */
  alone?: boolean;
}

/**
 * Whether a document parsed alone reads as it does in the whole stream. An unclosed quote or flow collection runs
 * on past a `---` line in the whole-stream parse (the parser's error recovery), and an error at a document's very
 * end may read differently when the next document follows (its range runs to the end of the text it was given). In
 * a manifest file the first document that says `services` is a Compose project, which changes how the documents
 * after it are judged. A file with any such document is checked whole.
 */
function readsAlone(entry: Entry): boolean {
  const { file } = entry;
  entry.alone ??=
    !file.yaml.errors.some((e) => e.code === 'MISSING_CHAR' || e.pos[1] >= file.text.trimEnd().length) &&
    !documentKinds('kubernetes', file.yaml.documents).includes('compose');
  return entry.alone;
}

/** The entry's objects where it now is, moved once per place. */
function objectsAt(entry: Entry, line: number): readonly KubeObject[] {
  entry.objects ??= objectsOfFile(entry.file);
  if (entry.movedObjects?.line !== line) {
    const { objects } = entry;
    const moved = shiftObjects(objects, line);
    moved.forEach((o, i) => sameKey(o, objects[i] ?? o));
    entry.movedObjects = { line, objects: moved };
  }
  return entry.movedObjects.objects;
}

/** The entry's findings where it now is, moved once per place and per check of the document. */
function findingsAt(entry: Entry, line: number): readonly Diagnostic[] {
  const of = entry.findings?.diagnostics ?? [];
  const moved = entry.movedFindings;
  if (moved?.line === line && moved.of === of) return moved.diagnostics;
  entry.movedFindings = { line, of, diagnostics: shiftDiagnostics(of, line) };
  return entry.movedFindings.diagnostics;
}

/** The entry's outline where it now is, moved once per place. */
function symbolsAt(entry: Entry, line: number): readonly DocumentSymbol[] {
  entry.symbols ??= getDocumentSymbols(entry.file);
  if (entry.movedSymbols?.line !== line) entry.movedSymbols = { line, symbols: shiftSymbols(entry.symbols, line) };
  return entry.movedSymbols.symbols;
}

interface Placed {
  readonly line: number;
  readonly entry: Entry;
}

/** A file's text as last split: its chunks and their documents (undefined when it is checked whole). */
interface Split {
  readonly text: string;
  readonly chunks?: readonly Chunk[];
  readonly placed?: readonly Placed[];
}

/**
 * Kubernetes manifest files, document by document. A file is split at its `---` lines (after an edit, only between
 * the chunks the edit reached: `resplitDocuments`); a document whose text did not change keeps its parse, its
 * objects, its outline and its findings. A document is checked again when its text changed, or when an answer it got
 * from the workspace index changed (the cross-object rules it touches: a Service whose selected Deployment was
 * renamed), which only the queries a changed object can be part of may do (`IndexAnswers`). The findings and the
 * outline equal a whole-file check's (test/unit/incrementalManifests.test.ts); a file the split cannot prove safe is
 * left to the whole-file check. Owned by the session, which drops it when settings change.
 */
export class KubernetesDocuments {
  private readonly files = new Map<string, Split>();
  /** A split file's objects, gathered once (a check asks twice: for the workspace's objects and for its own). */
  private readonly gathered = new WeakMap<readonly Placed[], readonly KubeObject[]>();
  /** Per file, the index answers its documents got, kept from check to check. */
  private readonly answers = new Map<string, IndexAnswers>();

  /** Forget every finding (settings or files on disk changed); the parses stay. */
  invalidate(): void {
    for (const { placed } of this.files.values()) for (const { entry } of placed ?? []) delete entry.findings;
    this.answers.clear();
  }

  delete(uri: string): void {
    this.files.delete(uri);
    this.answers.delete(uri);
  }

  /** How many index answers the file's checks made (each answer a changed object could touch is made again). */
  answered(uri: string): number {
    return this.answers.get(uri)?.answered ?? 0;
  }

  /** Whether `file` is checked document by document. */
  handles(file: SourceFile): boolean {
    return this.placed(file) !== undefined;
  }

  /** The file's objects, from its documents' (undefined when the file is not handled here). */
  objects(file: SourceFile): readonly KubeObject[] | undefined {
    const placed = this.placed(file);
    if (!placed) return undefined;
    let objects = this.gathered.get(placed);
    if (!objects) this.gathered.set(placed, (objects = placed.flatMap(({ line, entry }) => objectsAt(entry, line))));
    return objects;
  }

  /**
   * The file's outline, from its documents' own parses (undefined when not handled here): the whole file is never
   * parsed for it, and an edit outlines again only the documents it changed.
   */
  symbols(file: SourceFile): DocumentSymbol[] | undefined {
    return this.placed(file)?.flatMap(({ line, entry }) => symbolsAt(entry, line));
  }

  /** The file's diagnostics, in steps: one per document checked again (undefined when not handled here). */
  steps(file: SourceFile, context: ValidationContext | undefined): Generator<void, Diagnostic[]> | undefined {
    const placed = this.placed(file);
    return placed && this.check(file, placed, context);
  }

  private *check(
    file: SourceFile,
    placed: readonly Placed[],
    context: ValidationContext | undefined,
  ): Generator<void, Diagnostic[]> {
    const others = (context?.kubernetes?.objects?.() ?? []).filter((o) => o.uri !== file.uri);
    let answers = this.answers.get(file.uri);
    if (!answers) this.answers.set(file.uri, (answers = new IndexAnswers()));
    answers.update([...others, ...(this.objects(file) ?? [])]);
    let patch: boolean | undefined;
    const out: Diagnostic[] = [];
    for (const { line, entry } of placed) {
      if (!entry.findings || !answers.isCurrent(entry.findings.asked)) {
        const { asked, index } = answers.recording();
        patch ??= isKustomizePatch(file.uri, hostOf(context));
        const kubernetes = { ...context?.kubernetes, index, patch };
        entry.findings = { asked, diagnostics: validate(entry.file, { ...context, kubernetes }) };
        yield;
      }
      out.push(...findingsAt(entry, line));
    }
    return out;
  }

  private placed(file: SourceFile): readonly Placed[] | undefined {
    const known = this.files.get(file.uri);
    if (known?.text === file.text) return known.placed;
    const split = this.split(file, known);
    this.files.set(file.uri, split);
    return split.placed;
  }

  /**
   * The file's documents: after an edit, the chunks the edit did not reach keep their entries (moved), the others
   * take the entry of a chunk of the same text before, or a new one.
   */
  private split(file: SourceFile, before: Split | undefined): Split {
    const { text } = file;
    if (file.kind !== 'kubernetes' || text.length > FULL_CHECK_LIMIT || isTemplated(file.uri, text)) return { text };
    const old = before?.placed && before.chunks;
    const resplit: Resplit | undefined =
      (old && resplitDocuments(before.text, old, text)) ??
      ((chunks) => chunks && { chunks, head: 0, tail: 0 })(splitDocuments(text));
    if (!resplit) return { text };
    const { chunks, head, tail } = resplit;
    const placedBefore = (old && before.placed) ?? [];
    const kept = new Map(placedBefore.slice(head, placedBefore.length - tail).map(({ entry }) => [entry.file.text, entry]));
    const placed = chunks.map((chunk, i): Placed => {
      const entry =
        i < head
          ? placedBefore[i]?.entry
          : i >= chunks.length - tail
            ? placedBefore[i - chunks.length + placedBefore.length]?.entry
            : kept.get(chunk.text);
      return { line: chunk.line, entry: entry ?? { file: createSourceFile(file.uri, 0, chunk.text, 'kubernetes') } };
    });
    return placed.every(({ entry }) => readsAlone(entry)) ? { text, chunks, placed } : { text };
  }
}
