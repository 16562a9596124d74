import { type CST, Parser } from 'yaml';
import type { SourceFile } from './sourceFile';
import type { Range, TextEdit } from './types';
import { sameDocuments } from './formatCheck';
import { parseYamlFile } from './yamlFile';

export interface FormatOptions {
  /** Spaces per nesting level (the editor's tabSize). YAML forbids tabs in indentation, so spaces are always used. */
  readonly tabSize: number;
  readonly insertSpaces?: boolean;
}

/** The edits that format the file, or why it was not formatted (the file stays as it is). */
export type FormatResult = { readonly edits: readonly TextEdit[] } | { readonly refused: string };

/** What a line becomes: a fixed indentation (an item's line), or its indentation moved with its parent's. */
type LinePlan = { readonly indent: number } | { readonly shift: number };

/**
 * Works out the new indentation of each line from the concrete syntax tree. Only the whitespace at the start of
 * lines (and after a `-` list marker) changes, so comments, anchors, aliases, tags, quoting and key order are kept
 * by construction; block scalars keep their text, moved as a whole.
 */
class Planner {
  /** Line → plan for item lines and content lines. */
  readonly plans = new Map<number, LinePlan>();
  /** Lines that are the start of a block collection item, with their old and new columns (comments align on them). */
  readonly itemLines = new Map<number, { old: number; indent: number }>();
  /**
   * Block scalar body lines: the number of leading spaces that are indentation, and the new indentation; or, with
   * `old: Infinity`, the shift every line takes.
   */
  readonly bodies = new Map<number, { old: number; indent: number }>();
  /** `- ` gaps to make one space: [start, end) offsets. */
  readonly gaps: [number, number][] = [];
  refused: string | undefined;

  constructor(
    private readonly text: string,
    private readonly lineStarts: readonly number[],
    private readonly step: number,
  ) {}

  line(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  column(offset: number): number {
    return offset - (this.lineStarts[this.line(offset)] ?? 0);
  }

  /** Whether only spaces stand before `offset` on its line. */
  private startsLine(offset: number): boolean {
    const start = this.lineStarts[this.line(offset)] ?? 0;
    return /^[ ]*$/.test(this.text.slice(start, offset));
  }

  /** Lines from..to (inclusive) move with a collection whose items went from column `old` to `indent`. */
  private shiftLines(from: number, to: number, shift: number): void {
    for (let l = from; l <= to; l++) if (!this.itemLines.has(l)) this.plans.set(l, { shift });
  }

  private markItem(offset: number, indent: number): void {
    if (!this.startsLine(offset)) return;
    const line = this.line(offset);
    this.plans.set(line, { indent });
    this.itemLines.set(line, { old: this.column(offset), indent });
  }

  /** A document's root: its collection starts at column 0. `lastLine`: the document's last line. */
  document(token: CST.Document, lastLine: number): void {
    if (token.value) this.node(token.value, 0, 0, lastLine, 'root');
  }

  private node(token: CST.Token, indent: number, parentOld: number, lastLine: number, parent: 'map' | 'seq' | 'root'): void {
    if (token.type === 'block-map') this.blockMap(token, indent, lastLine);
    else if (token.type === 'block-seq') this.blockSeq(token, indent, lastLine);
    else if (token.type === 'block-scalar') this.blockScalar(token, indent, parentOld, parent);
  }

  private firstOffset(start: readonly CST.SourceToken[], fallback: number | undefined): number | undefined {
    const found = start.find((t) => t.type !== 'space' && t.type !== 'newline' && t.type !== 'comment');
    return found?.offset ?? fallback;
  }

  private itemOffsets<T extends { start: CST.SourceToken[] }>(
    items: readonly T[],
    own: (item: T) => number | undefined,
  ): number[] {
    return items.map((item) => this.firstOffset(item.start, own(item)) ?? -1);
  }

  private blockMap(token: CST.BlockMap, indent: number, lastLine: number): void {
    const offsets = this.itemOffsets(
      token.items,
      (item) => item.key?.offset ?? item.sep?.find((t) => t.type === 'map-value-ind')?.offset,
    );
    const old = this.column(offsets[0] ?? token.offset);
    token.items.forEach((item, i) => {
      if (item.start.some((t) => t.type === 'explicit-key-ind')) this.refused = 'explicit `? ` keys are not formatted';
      const offset = offsets[i] ?? -1;
      if (offset < 0) return;
      const next = offsets[i + 1];
      const end = next !== undefined && next >= 0 ? this.line(next) - 1 : lastLine;
      this.shiftLines(this.line(offset), end, indent - old);
      this.markItem(offset, indent);
      if (item.value) this.node(item.value, indent + this.step, old, end, 'map');
    });
  }

  private blockSeq(token: CST.BlockSequence, indent: number, lastLine: number): void {
    const offsets = this.itemOffsets(token.items, () => undefined);
    const old = this.column(offsets[0] ?? token.offset);
    token.items.forEach((item, i) => {
      const offset = offsets[i] ?? -1;
      if (offset < 0) return;
      const next = offsets[i + 1];
      const end = next !== undefined && next >= 0 ? this.line(next) - 1 : lastLine;
      this.shiftLines(this.line(offset), end, indent - old);
      this.markItem(offset, indent);
      // `-   value` becomes `- value`, so content on the marker's line starts two columns after it.
      const dash = item.start.find((t) => t.type === 'seq-item-ind');
      const after = dash ? item.start.slice(item.start.indexOf(dash) + 1) : [];
      const content = this.firstOffset(after, item.value?.offset);
      if (dash && content !== undefined && this.line(content) === this.line(dash.offset)) {
        const gap = this.text.slice(dash.offset + 1, content);
        if (gap !== ' ' && /^[ \t]+$/.test(gap)) this.gaps.push([dash.offset + 1, content]);
      }
      if (item.value) this.node(item.value, indent + 2, old, end, 'seq');
    });
  }

  /**
   * A block scalar's body moves as a whole, its first line to one step inside its parent; with an explicit
   * indentation indicator (`|2`) the body keeps its place relative to the parent instead, as the indicator says.
   */
  private blockScalar(token: CST.BlockScalar, indent: number, parentOld: number, parent: 'map' | 'seq' | 'root'): void {
    const props = token.props as CST.SourceToken[];
    const newline = [...props].reverse().find((t) => t.type === 'newline');
    const header = props.find((t) => t.type === 'block-scalar-header');
    if (!newline || !header || token.source === '') return;
    const bodyStart = newline.offset + newline.source.length;
    const lines = token.source.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const first = lines.find((l) => l.replace(/\r$/, '').trim() !== '');
    if (first === undefined) return;
    const oldIndent = /^ */.exec(first)?.[0].length ?? 0;
    const parentNew = parent === 'root' ? 0 : parent === 'map' ? indent - this.step : indent - 2;
    const startLine = this.line(bodyStart);
    // With an indentation indicator, the body's indentation is the parent's plus the indicator, whatever its first
    // line shows: every line moves by as much as the parent did.
    const explicit = /[1-9]/.test(header.source);
    const body =
      parent === 'root'
        ? { old: oldIndent, indent: oldIndent }
        : explicit
          ? { old: Infinity, indent: parentNew - parentOld }
          : { old: oldIndent, indent };
    lines.forEach((_, i) => this.bodies.set(startLine + i, body));
    for (let i = 0; i < lines.length; i++) this.plans.delete(startLine + i);
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A comment line takes the indentation of the nearer (by old column) of the item lines around it. */
function commentIndent(planner: Planner, line: number, column: number, first: number, last: number): number | undefined {
  let before: { old: number; indent: number } | undefined;
  let after: { old: number; indent: number } | undefined;
  for (let l = line - 1; l >= first && !before; l--) before = planner.itemLines.get(l);
  for (let l = line + 1; l <= last && !after; l++) after = planner.itemLines.get(l);
  if (!before) return after?.indent;
  if (!after) return before.indent;
  return Math.abs(before.old - column) < Math.abs(after.old - column) ? before.indent : after.indent;
}

/** The edits for every line of the text, from the plan. */
function lineEdits(file: SourceFile, planner: Planner, lineStarts: readonly number[], documents: [number, number][]): TextEdit[] {
  const edits: TextEdit[] = [];
  const lines = file.lines;
  const documentOf = (line: number): [number, number] => documents.find(([a, b]) => line >= a && line <= b) ?? [line, line];
  lines.forEach((text, line) => {
    const leading = /^[ \t]*/.exec(text)?.[0] ?? '';
    const rest = text.slice(leading.length);
    let indent: number | undefined;
    const body = planner.bodies.get(line);
    if (body?.old === Infinity) {
      // Moved by a fixed amount (see blockScalar): `indent` holds the shift.
      const spaces = /^ */.exec(text)?.[0].length ?? 0;
      if (body.indent !== 0 && spaces > 0)
        edits.push({
          range: file.yaml.rangeOf(lineStarts[line] ?? 0, (lineStarts[line] ?? 0) + spaces),
          newText: ' '.repeat(Math.max(0, spaces + body.indent)),
        });
      return;
    }
    if (body) {
      if (rest === '' && leading.length <= body.old) indent = 0;
      else {
        const spaces = /^ */.exec(text)?.[0].length ?? 0;
        const moved = Math.min(spaces, body.old);
        const replace = ' '.repeat(body.indent) + text.slice(moved, spaces);
        if (replace !== text.slice(0, spaces))
          edits.push({ range: file.yaml.rangeOf(lineStarts[line] ?? 0, (lineStarts[line] ?? 0) + spaces), newText: replace });
        return;
      }
    } else if (rest === '') indent = 0;
    else if (rest.startsWith('#')) {
      const [first, last] = documentOf(line);
      indent = commentIndent(planner, line, leading.length, first, last);
    } else if (/^(---|\.\.\.)(\s|$)/.test(text) || rest.startsWith('%')) indent = undefined;
    else {
      const plan = planner.plans.get(line);
      if (plan) indent = 'indent' in plan ? plan.indent : Math.max(0, leading.length + plan.shift);
    }
    if (indent === undefined) return;
    const wanted = ' '.repeat(indent);
    if (wanted !== leading) {
      const start = lineStarts[line] ?? 0;
      edits.push({ range: file.yaml.rangeOf(start, start + leading.length), newText: wanted });
    }
  });
  for (const [start, end] of planner.gaps) edits.push({ range: file.yaml.rangeOf(start, end), newText: ' ' });
  return edits;
}

function applyEdits(text: string, edits: readonly TextEdit[], lineStarts: readonly number[]): string {
  const offset = (p: { line: number; character: number }): number => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

const overlaps = (a: Range, b: Range): boolean => a.start.line <= b.end.line && b.start.line <= a.end.line;

/**
 * Formats a YAML file (Compose, stack, Kubernetes or plain): every nesting level `tabSize` spaces deeper than its
 * parent, lists indented under their key, `- ` followed by one space, block scalar bodies one level in, comments
 * aligned with the item they sit beside, blank lines emptied. Nothing else changes: comments, anchors, aliases, tags
 * (`!reset`, `!override`), quoting, key order and line endings are kept. A file with syntax errors is not touched,
 * and the result is parsed again and compared with the original before it is offered: an edit that would change
 * the data is never returned. `range`: only the edits on those lines (range formatting).
 */
export function formatDocument(file: SourceFile, options: FormatOptions, range?: Range): FormatResult {
  // JSON (a Marathon definition) is read with the YAML parser, but its layout is JSON's: not ours to change.
  if (file.kind === 'marathon' || /\.json$/i.test(file.uri)) return { refused: 'Stevedore formats YAML, not JSON' };
  if (file.yaml.errors.length > 0) {
    const first = file.yaml.errors[0];
    const at = first ? file.yaml.positionAt(first.pos[0]) : undefined;
    return { refused: `the file has syntax errors${at ? ` (line ${at.line + 1}: ${first?.message.split('\n')[0] ?? ''})` : ''}` };
  }
  const step = Math.max(1, Math.min(8, Math.round(options.tabSize) || 2));
  const lineStarts = lineStartsOf(file.text);
  const planner = new Planner(file.text, lineStarts, step);
  const tokens = [...new Parser().parse(file.text)];
  const documents: [number, number][] = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'document') return;
    const next = tokens.slice(i + 1).find((t) => t.type === 'document');
    const last = next && 'offset' in next ? planner.line(next.offset) - 1 : lineStarts.length - 1;
    documents.push([planner.line(token.offset), last]);
    planner.document(token, last);
  });
  if (planner.refused) return { refused: planner.refused };
  const edits = lineEdits(file, planner, lineStarts, documents);
  const formatted = applyEdits(file.text, edits, lineStarts);
  const check = parseYamlFile(formatted);
  if (check.errors.length > 0 || !sameDocuments(file.yaml.documents, check.documents))
    return { refused: 'formatting would change what the file means (a bug in the formatter): nothing was changed' };
  return { edits: range ? edits.filter((e) => overlaps(e.range, range)) : edits };
}
