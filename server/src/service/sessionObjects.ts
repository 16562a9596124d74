import { resolveUri, type ProjectHost } from './host';
import { objectsOfFile, type KubeObject } from './kubernetes/objects';
import type { SourceFile } from './sourceFile';

/** Folders that hold no manifests of the user's, and can be huge. */
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', '.terraform', '__pycache__']);
const MAX_FILES = 5000;
const MAX_FILE_CHARS = 1_000_000;
const isYaml = (uri: string): boolean => /\.ya?ml$/.test(uri);

/**
 * The Kubernetes objects of a session's workspace, for the cross-object rules (a Service's pods, a ConfigMap a
 * Deployment names): those of the files the session holds, and those of its folders' other files. The folders are
 * listed through the `ProjectHost` once, on first use; a file on disk is read when its objects are first needed
 * (never while the session holds it: the held text wins), and again after it changes on disk.
 */
export class WorkspaceObjects {
  private readonly folders: string[] = [];
  /** The folders' YAML files, each with its objects once read (undefined: not read yet, or changed since). */
  private readonly onDisk = new Map<string, readonly KubeObject[] | undefined>();
  /** One summary per file version: validation asks for the workspace's objects once per manifest it checks. */
  private readonly ofFile = new WeakMap<SourceFile, readonly KubeObject[]>();
  private scanned = false;

  constructor(
    private readonly host: ProjectHost,
    /** A file as the session sees it (its kind forced by the settings), for a file read from disk. */
    private readonly sourceOf: (uri: string, text: string) => SourceFile,
    /** A held file's objects when the session knows them without a whole parse (its manifests, document by document). */
    private readonly known: (file: SourceFile) => readonly KubeObject[] | undefined = () => undefined,
  ) {}

  addFolder(uri: string): void {
    this.folders.push(uri.replace(/\/?$/, '/'));
    this.scanned = false;
  }

  /** The objects of the folders' files and of `files` (the session's own), the latter winning for the same URI. */
  objects(files: readonly SourceFile[]): KubeObject[] {
    if (!this.scanned) this.scan();
    const held = new Set(files.map((file) => file.uri));
    const fromDisk: KubeObject[] = [];
    for (const [uri, known] of this.onDisk) {
      if (held.has(uri)) continue;
      const objects = known ?? this.read(uri);
      if (!known) this.onDisk.set(uri, objects);
      fromDisk.push(...objects);
    }
    return [...fromDisk, ...files.flatMap((file) => this.summarize(file))];
  }

  /** A file changed, appeared or went away on disk. */
  refresh(uri: string): void {
    if (this.scanned && isYaml(uri)) this.onDisk.set(uri, undefined);
  }

  private summarize(file: SourceFile): readonly KubeObject[] {
    let objects = this.ofFile.get(file);
    if (!objects) {
      objects = this.known(file) ?? objectsOfFile(file);
      this.ofFile.set(file, objects);
    }
    return objects;
  }

  private read(uri: string): readonly KubeObject[] {
    const text = this.host.readFile(uri);
    if (text === undefined || text.length > MAX_FILE_CHARS || !text.includes('apiVersion') || !text.includes('kind')) return [];
    return objectsOfFile(this.sourceOf(uri, text));
  }

  private scan(): void {
    this.scanned = true;
    this.onDisk.clear();
    const pending = [...this.folders];
    let files = 0;
    while (pending.length > 0 && files < MAX_FILES) {
      const folder = pending.pop() ?? '';
      for (const entry of this.host.listDirectory?.(folder) ?? []) {
        const uri = resolveUri(folder, entry.name);
        if (entry.directory && !SKIPPED.has(entry.name)) pending.push(`${uri}/`);
        else if (!entry.directory && isYaml(entry.name) && files++ < MAX_FILES) this.onDisk.set(uri, undefined);
      }
    }
  }
}
