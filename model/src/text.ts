/**
 * Places in a text, as the model reports them. The shapes mirror LSP's (0-based lines, UTF-16 columns) so the
 * protocol layer converts with a plain copy, but the model depends on no protocol package.
 */

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based column in UTF-16 code units, as LSP counts them (and as JavaScript strings index). */
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}
