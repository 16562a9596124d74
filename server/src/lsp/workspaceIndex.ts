import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSourceFile, objectsOfFile, type KubeObject, type SourceFile } from '../service';

/** Folders that hold no manifests of the user's, and can be huge. */
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', '.terraform', '__pycache__']);
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 1_000_000;

/**
 * The Kubernetes objects of the workspace, for the cross-object rules (a Service's pods, a ConfigMap a Deployment
 * names). The folders are read once, on first use; open documents are read from the editor; a file that changes on
 * disk is read again.
 */
export class WorkspaceIndex {
  private readonly onDisk = new Map<string, readonly KubeObject[]>();
  private scanned = false;

  constructor(
    private readonly folders: readonly string[],
    /** The open documents, as the service sees them (parsed once per version, shared with validation). */
    private readonly openFiles: () => readonly SourceFile[],
  ) {}

  objects(): KubeObject[] {
    if (!this.scanned) this.scan();
    const open = this.openFiles();
    const openUris = new Set(open.map((file) => file.uri));
    const fromDisk = [...this.onDisk].filter(([uri]) => !openUris.has(uri)).flatMap(([, objects]) => objects);
    return [...fromDisk, ...open.flatMap((file) => objectsOfFile(file))];
  }

  /** A file changed, appeared or went away on disk. */
  refresh(uri: string): void {
    if (!this.scanned || !/\.ya?ml$/.test(uri)) return;
    this.onDisk.set(uri, this.read(uri, this.readDisk(uri)));
  }

  private read(uri: string, text: string | undefined): readonly KubeObject[] {
    if (text === undefined || !text.includes('apiVersion') || !text.includes('kind')) return [];
    return objectsOfFile(createSourceFile(uri, 0, text));
  }

  private readDisk(uri: string): string | undefined {
    try {
      const path = fileURLToPath(uri);
      return statSync(path).size <= MAX_FILE_BYTES ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  }

  private scan(): void {
    this.scanned = true;
    const pending = this.folders.map((folder) => fileURLToPath(folder));
    let files = 0;
    while (pending.length > 0 && files < MAX_FILES) {
      const dir = pending.pop() ?? '';
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !SKIPPED.has(entry.name)) pending.push(join(dir, entry.name));
        else if (entry.isFile() && /\.ya?ml$/.test(entry.name) && files++ < MAX_FILES) {
          const uri = pathToFileURL(join(dir, entry.name)).href;
          this.onDisk.set(uri, this.read(uri, this.readDisk(uri)));
        }
      }
    }
  }
}
