/**
 * The service layer's own vocabulary. It mirrors LSP's shapes (0-based lines, UTF-16 columns) so the protocol layer
 * converts with a plain copy, but it depends on no protocol package: the CLI and the tests use it as it is.
 */
import type { FixKind, RuleCode } from './rules/registry';

export type { Position, Range } from '@stevedore/model';
import type { Range } from '@stevedore/model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** A fix that is clear enough to offer with one click: its title and the edits to this file. */
export interface Fix {
  /** Which of its rule's declared fix kinds this is (`rules/registry.ts`). */
  readonly kind: FixKind;
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  readonly range: Range;
  readonly severity: Severity;
  /** Stable rule code, `<family>/<rule>` (e.g. `yaml/duplicate-key`), registered in `rules/registry.ts`. Users filter and suppress by it. */
  readonly code: RuleCode;
  readonly message: string;
  /** Quick fixes for this problem, where the right edit is clear. */
  readonly fixes?: readonly Fix[];
}

/** What a file can be, which decides the rules and schemas applied to it (`stevedore check --kind` takes these). */
export const FILE_KINDS = ['compose', 'stack', 'kubernetes', 'kustomization', 'marathon', 'yaml'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
