import { documentKinds } from '../classify';
import { hostOf, type ValidationContext } from '../context';
import { indexObjects, objectsOfFile, type KubeObject, type WorkspaceIndex } from '../kubernetes/objects';
import { createSourceFile, type SourceFile } from '../sourceFile';
import { isTemplated } from '../templates';
import type { Diagnostic } from '../types';
import { FULL_CHECK_LIMIT, isKustomizePatch, validate } from '../validate';
import { shiftDiagnostics, shiftObjects, splitDocuments, type Chunk } from './chunks';

/** What one document's check asked of the workspace index, and what each answer was (see `answerKey`). */
type Asked = ReadonlyMap<string, string>;

/** One document of a manifest file, parsed and checked on its own, kept while its text does not change. */
interface Entry {
  /** The document alone, under the file's URI, with its own line numbers. */
  readonly file: SourceFile;
  objects?: readonly KubeObject[];
  findings?: { readonly asked: Asked; readonly diagnostics: readonly Diagnostic[] };
  /** Its objects and findings as last moved to where the document was: an edit elsewhere seldom moves it. */
  movedObjects?: { readonly line: number; readonly objects: readonly KubeObject[] };
  movedFindings?: { readonly line: number; readonly of: readonly Diagnostic[]; readonly diagnostics: readonly Diagnostic[] };
}

/** The entry's objects where it now is, moved once per place. */
function objectsAt(entry: Entry, line: number): readonly KubeObject[] {
  entry.objects ??= objectsOfFile(entry.file);
  if (entry.movedObjects?.line !== line) entry.movedObjects = { line, objects: shiftObjects(entry.objects, line) };
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

interface Placed {
  readonly line: number;
  readonly entry: Entry;
}

// Kept per object: a kept document gives the same objects to every check, whose answers are compared by these keys.
const objectKeys = new WeakMap<KubeObject, string>();

/** An object as the cross-object rules read it: where its name is written does not change what they say. */
function objectKey(o: KubeObject): string {
  let key = objectKeys.get(o);
  if (key === undefined) objectKeys.set(o, (key = JSON.stringify({ ...o, nameRange: undefined })));
  return key;
}

/** The answer to one query of the index, as a string that changes exactly when the answer does. */
function answerKey(index: WorkspaceIndex, query: string): string {
  const [what, a = '', b = ''] = query.split('\0');
  const answer = what === 'kind' ? index.ofKind(a) : what === 'label' ? index.withLabel(a, b) : index.workloads;
  return answer.map(objectKey).join('\n');
}

/** The index, telling `ask` each query a rule makes. */
function recording(index: WorkspaceIndex, ask: (query: string) => void): WorkspaceIndex {
  return {
    ofKind: (kind) => (ask(`kind\0${kind}`), index.ofKind(kind)),
    withLabel: (key, value) => (ask(`label\0${key}\0${value}`), index.withLabel(key, value)),
    get workloads() {
      ask('workloads');
      return index.workloads;
    },
  };
}

/**
 * Kubernetes manifest files, document by document. A file is split at its `---` lines; a document whose text did not
 * change keeps its parse, its objects and its findings. A document is checked again when its text changed, or when
 * an answer it got from the workspace index changed (the cross-object rules it touches: a Service whose selected
 * Deployment was renamed). The findings equal a whole-file check's (test/unit/incremental.test.ts); a file the split
 * cannot prove safe is left to the whole-file check. Owned by the session, which drops it when settings change.
 */
export class KubernetesDocuments {
  private readonly files = new Map<string, { readonly text: string; readonly placed: readonly Placed[] | undefined }>();
  /** A split file's objects, gathered once (a check asks twice: for the workspace's objects and for its own). */
  private readonly gathered = new WeakMap<readonly Placed[], readonly KubeObject[]>();

  /** Forget every finding (settings or files on disk changed); the parses stay. */
  invalidate(): void {
    for (const { placed } of this.files.values()) for (const { entry } of placed ?? []) delete entry.findings;
  }

  delete(uri: string): void {
    this.files.delete(uri);
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
    const index = indexObjects([...others, ...(this.objects(file) ?? [])]);
    const answers = new Map<string, string>();
    const answer = (query: string): string => {
      let key = answers.get(query);
      if (key === undefined) answers.set(query, (key = answerKey(index, query)));
      return key;
    };
    let patch: boolean | undefined;
    const out: Diagnostic[] = [];
    for (const { line, entry } of placed) {
      const current = entry.findings && [...entry.findings.asked].every(([query, key]) => answer(query) === key);
      if (!current) {
        const asked = new Map<string, string>();
        patch ??= isKustomizePatch(file.uri, hostOf(context));
        const kubernetes = { ...context?.kubernetes, index: recording(index, (q) => asked.set(q, answer(q))), patch };
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
    const placed = this.split(file, known?.placed ?? []);
    this.files.set(file.uri, { text: file.text, placed });
    return placed;
  }

  private split(file: SourceFile, before: readonly Placed[]): Placed[] | undefined {
    if (file.kind !== 'kubernetes' || file.text.length > FULL_CHECK_LIMIT || isTemplated(file.uri, file.text)) return undefined;
    const chunks = splitDocuments(file.text);
    if (!chunks) return undefined;
    const kept = new Map(before.map(({ entry }) => [entry.file.text, entry]));
    const entryOf = (chunk: Chunk): Entry =>
      kept.get(chunk.text) ?? { file: createSourceFile(file.uri, 0, chunk.text, 'kubernetes') };
    const placed = chunks.map((chunk) => ({ line: chunk.line, entry: entryOf(chunk) }));
    // An unclosed quote or flow collection runs on past a `---` line in the whole-stream parse (the parser's error
    // recovery): the document boundaries are then not where the split put them.
    // An error at a document's very end may read differently when the next document follows (its range runs to the
    // end of the text it was given): such a file, too, is checked whole.
    const unclosed = placed.some(({ entry }) =>
      entry.file.yaml.errors.some((e) => e.code === 'MISSING_CHAR' || e.pos[1] >= entry.file.text.trimEnd().length),
    );
    if (unclosed) return undefined;
    // In a manifest file the first document that says `services` is a Compose project, which changes how the
    // documents after it are judged: such a file is checked whole.
    const composed = placed.some(({ entry }) => documentKinds('kubernetes', entry.file.yaml.documents).includes('compose'));
    return composed ? undefined : placed;
  }
}
