import type { ValidationContext } from './context';
import type { ValidatorSource } from './compose/schemas';
import type { ProjectHost } from './host';
import { ComposeFindings } from './incremental/composeFindings';
import { KubernetesDocuments } from './incremental/kubernetesDocuments';
import type { KubeObject } from './kubernetes/objects';
import type { KubernetesSchemaSource } from './kubernetes/schemas';
import { readSettings, type SessionSettings } from './sessionSettings';
import { WorkspaceObjects } from './sessionObjects';
import { createSourceFile, SourceFileCache, type SourceFile } from './sourceFile';
import type { Diagnostic, FileKind } from './types';
import { applySuppressions } from './suppressions';
import { getDocumentSymbols, type DocumentSymbol } from './symbols';
import { validationSteps } from './validate';

/** Lets a caller stop a validation whose result is no longer wanted. */
export interface Cancellation {
  /** Asked between rule families and between documents; true stops the validation. */
  isCancelled(): boolean;
  /** Gives way to other work between steps (the LSP server: one turn of the event loop, so a newer version can arrive). */
  pause?(): Promise<void>;
}

export interface SessionOptions {
  /** Reads what the session is not given: included, base and override files, `.env`, the folders' manifests. */
  readonly host: ProjectHost;
  readonly kubernetesSchemas?: KubernetesSchemaSource;
  /** The Compose and stack validators generated at build time (`createValidatorSource`). */
  readonly validators?: ValidatorSource;
  /** The same schemas with their descriptions, for hover and completion. */
  readonly documentedSchemas?: KubernetesSchemaSource;
  /** The `stevedore.*` settings section, as the editor sends it (`readSettings`). */
  readonly settings?: unknown;
  /** Every file is this kind (the CLI's `--kind`), whatever its name, modeline or content say. */
  readonly kind?: FileKind;
  /** Extra env files (URIs), as `docker compose --env-file` takes them. */
  readonly envFiles?: readonly string[];
  /** Told when a rule fails on a file; the other rules still report. */
  readonly onRuleError?: (uri: string, rule: string, error: unknown) => void;
  /** Where parses are kept; the session makes its own when none is given. */
  readonly cache?: SourceFileCache;
}

/**
 * One workspace, as both the editor and the CLI see it: the files it holds (the editor's open documents, the files
 * given to `stevedore check`), the folders around them, and the settings. It owns the policy of both fronts: what kind
 * each file is (`stevedore.stackFiles`, modeline, name, content), which files are checked, how the settings become a
 * `ValidationContext`, and the workspace's Kubernetes objects. It reads other files only through the `ProjectHost`,
 * with the files it holds laid over it (unsaved text is what the user sees).
 */
export class WorkspaceSession {
  /** The host as the rules see it: the files the session holds, over the disk. */
  readonly host: ProjectHost;
  private settings: SessionSettings;
  private readonly held = new Map<string, SourceFile>();
  private readonly cache: SourceFileCache;
  private readonly workspace: WorkspaceObjects;
  /** Manifest files document by document: what an edit did not touch keeps its parse and findings. */
  private readonly manifests = new KubernetesDocuments();
  /** Compose files' per-service findings, by URI. */
  private readonly composeFindings = new Map<string, ComposeFindings>();

  constructor(private readonly options: SessionOptions) {
    this.settings = readSettings(options.settings);
    this.cache = options.cache ?? new SourceFileCache();
    const base = options.host;
    const heldText = (uri: string): string | undefined => this.held.get(uri)?.text;
    this.host = {
      readFile: (uri) => heldText(uri) ?? base.readFile(uri),
      exists: (uri) => heldText(uri) !== undefined || base.exists(uri),
      ...(base.listDirectory ? { listDirectory: (uri: string) => base.listDirectory?.(uri) } : {}),
    };
    this.workspace = new WorkspaceObjects(
      this.host,
      (uri, text) => createSourceFile(uri, 0, text, this.forcedKind(uri)),
      (file) => (this.held.get(file.uri) === file ? this.manifests.objects(file) : undefined),
    );
  }

  /** The settings as last sent (`readSettings`). */
  get currentSettings(): SessionSettings {
    return this.settings;
  }

  /** New settings (the editor's `didChangeConfiguration`). */
  configure(settings: unknown): void {
    this.settings = readSettings(settings);
    this.manifests.invalidate();
    // `stevedore.stackFiles` or `stevedore.marathonFiles` may have changed what a held file is.
    for (const file of this.held.values()) {
      this.cache.delete(file.uri);
      this.open(file.uri, file.version, file.text);
    }
  }

  /** A folder whose manifests belong to the workspace (read on first use). */
  addFolder(uri: string): void {
    this.workspace.addFolder(uri);
  }

  /** Adds a file, or its new version: an opened or edited document, a file given to the CLI. */
  open(uri: string, version: number, text: string): SourceFile {
    const file = this.cache.get(uri, version, text, this.forcedKind(uri));
    this.held.set(uri, file);
    return file;
  }

  /** The file leaves the session (a document closed). */
  close(uri: string): void {
    this.held.delete(uri);
    this.cache.delete(uri);
    this.manifests.delete(uri);
    this.composeFindings.delete(uri);
  }

  /** A file changed on disk. */
  refresh(uri: string): void {
    this.workspace.refresh(uri);
    // A kustomization or a manifest on disk may change what a held file's documents are told.
    this.manifests.invalidate();
  }

  /** A held file as the service sees it (parsed once per version, its kind as the settings decide). */
  file(uri: string): SourceFile | undefined {
    return this.held.get(uri);
  }

  files(): SourceFile[] {
    return [...this.held.values()];
  }

  /** The Kubernetes objects of the workspace: its folders' files, with the held files' text over them. */
  objects(): KubeObject[] {
    return this.workspace.objects(this.files());
  }

  /**
   * Whether a file is checked. Plain YAML that is none of Compose, stack or Kubernetes belongs to other tools (CI
   * workflows, Helm values…): reporting on it would only repeat what a YAML tool already says. Asked for by kind
   * (`--kind yaml`), it is checked.
   */
  isChecked(file: SourceFile): boolean {
    return file.kind !== 'yaml' || this.options.kind === 'yaml';
  }

  /** What validation, completion, hover and navigation may know beyond a file's text. */
  context(uri: string): ValidationContext {
    const { settings, options } = this;
    return {
      host: this.host,
      env: settings.env,
      ...(options.envFiles ? { envFiles: options.envFiles } : {}),
      ...(options.validators ? { validators: options.validators } : {}),
      severities: settings.rules,
      kubernetes: {
        version: settings.kubernetesVersion,
        ...(options.kubernetesSchemas ? { schemas: options.kubernetesSchemas } : {}),
        ...(options.documentedSchemas ? { documentedSchemas: options.documentedSchemas } : {}),
        objects: () => this.objects(),
      },
      onRuleError: (rule, error) => options.onRuleError?.(uri, rule, error),
    };
  }

  /**
   * The diagnostics of a held file ([] for a file that is not checked or not held), or undefined when `cancellation`
   * stopped the work before the end. Its `# stevedore-ignore` comments are applied here, the one point the editor and
   * the CLI share (`suppressions.ts`).
   */
  async diagnostics(uri: string, cancellation?: Cancellation): Promise<Diagnostic[] | undefined> {
    const file = this.file(uri);
    if (!file || !this.isChecked(file)) return [];
    const context = this.context(uri);
    const manifestSteps = this.manifests.steps(file, context);
    const findings = manifestSteps ? undefined : this.findingsOf(file);
    findings?.begin();
    const steps = manifestSteps ?? validationSteps(file, findings ? { ...context, composeFindings: findings } : context);
    for (;;) {
      if (cancellation?.isCancelled()) return undefined;
      const step = steps.next();
      if (step.done) {
        findings?.end();
        return applySuppressions(file, step.value, context.severities);
      }
      await cancellation?.pause?.();
    }
  }

  /** A held file's outline ([] when not held): a manifest's from its documents' own parses (`getDocumentSymbols`). */
  documentSymbols(uri: string): DocumentSymbol[] {
    const file = this.file(uri);
    return file ? (this.manifests.symbols(file) ?? getDocumentSymbols(file)) : [];
  }

  /** The per-service findings kept for a Compose or stack file. */
  findingsOf(file: SourceFile): ComposeFindings | undefined {
    if (file.kind !== 'compose' && file.kind !== 'stack') {
      this.composeFindings.delete(file.uri);
      return undefined;
    }
    let findings = this.composeFindings.get(file.uri);
    if (!findings) this.composeFindings.set(file.uri, (findings = new ComposeFindings()));
    return findings;
  }

  /** Whether a held file's diagnostics are computed piece by piece (its unchanged pieces reused). */
  isIncremental(uri: string): boolean {
    const file = this.file(uri);
    return file !== undefined && this.isChecked(file) && this.manifests.handles(file);
  }

  /**
   * The kind the settings force on a file: every file's (`kind`), or by a setting's globs: a stack file by
   * `stevedore.stackFiles`, a Marathon definition by `stevedore.marathonFiles`.
   */
  private forcedKind(uri: string): FileKind | undefined {
    if (this.options.kind) return this.options.kind;
    const path = decodeURIComponent(uri.replace(/^file:\/\//, ''));
    if (this.settings.stackFiles.some((glob) => glob.test(path))) return 'stack';
    return this.settings.marathonFiles.some((glob) => glob.test(path)) ? 'marathon' : undefined;
  }
}
