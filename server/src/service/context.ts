import type { ComposeFindings } from './incremental/composeFindings';
import { isolatedHost, type ProjectHost } from './host';
import type { KubeObject, WorkspaceIndex } from './kubernetes/objects';
import type { KubernetesSchemaSource } from './kubernetes/schemas';
import type { ValidatorSource } from './compose/schemas';
import type { Severity } from './types';

/** What validation may know beyond the file's own text. Every field is optional; the defaults see no other file. */
export interface ValidationContext {
  readonly host?: ProjectHost;
  /** Variables given by settings or `--env`; they win over env files. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra env files (URIs), after the `.env` beside the file and before `env`. */
  readonly envFiles?: readonly string[];
  /** Per rule code: another severity, or 'off'. */
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  /** Kubernetes: the target release (`1.34` by default) and where its schemas come from (none: no schema checks). */
  readonly kubernetes?: {
    readonly version?: string;
    readonly schemas?: KubernetesSchemaSource;
    /** The same schemas with their descriptions, for hover and completion (loaded only when they are asked for). */
    readonly documentedSchemas?: KubernetesSchemaSource;
    /** The Kubernetes objects of the workspace's other files, for the cross-object rules. */
    readonly objects?: () => readonly KubeObject[];
    /**
     * The index the cross-object rules query, when the caller builds it (the incremental path: the file's other
     * documents and the workspace, already indexed). Without it, validation indexes `objects()` and the file's own.
     */
    readonly index?: WorkspaceIndex;
    /**
     * Whether a kustomization beside the file applies it as a patch, when the caller knows (the incremental path asks
     * once per file, not once per document). Without it, validation reads the kustomizations.
     */
    readonly patch?: boolean;
  };
  /** The Compose and stack validators generated at build time (none: they are compiled on first use). */
  readonly validators?: ValidatorSource;
  /** Told when a rule fails on a file; the other rules still report. */
  readonly onRuleError?: (rule: string, error: unknown) => void;
  /**
   * The held file's per-service Compose findings from its previous version (the session gives them; a whole check
   * goes without).
   */
  readonly composeFindings?: ComposeFindings;
}

export const hostOf = (context: ValidationContext | undefined): ProjectHost => context?.host ?? isolatedHost;
