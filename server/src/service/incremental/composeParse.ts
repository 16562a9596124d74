import { isNode, isPair, Pair, parseDocument, YAMLMap, type Document, type YAMLError } from 'yaml';
import { parseYamlFile, yamlFileOf, YAML_PARSE_OPTIONS, type YamlFile } from '../yamlFile';
import { confine, endOf, moveErrors, moveNode, type Piece, type Range3 } from './composeConfine';

/**
 * A Compose file parsed by top-level section and by service. Each piece is parsed on its own and kept by its text;
 * an edit parses the piece it touched, moves the others' nodes to where they now are, and puts the document together.
 * The result is the document a whole parse gives, as far as the rules can tell (test/unit/incremental.test.ts). What
 * the split cannot prove safe is parsed whole: anchors, aliases and merge keys (they may cross pieces), a top level
 * that is not a block mapping of plain keys (flow style, a list, a scalar), several documents, directives, tabs in
 * the indentation, and a syntax error outside the services. A syntax error in one service is parsed with its
 * neighbours only, when they show that it reads as the whole parse does (composeConfine.ts).
 */

/**
 * A piece's parse: its one pair (undefined when the piece is not one clean pair: a syntax error, several keys) and
 * its warnings, with the offset its nodes are at now (they are moved in place).
 */
interface Parsed {
  readonly pair: Pair | undefined;
  readonly warnings: readonly YAMLError[];
  at: number;
}

const KEY = /^[A-Za-z0-9_.-]+:( |\r?\n|$)/;
/** Anchors, aliases, tags, merge keys, tabs, document markers, directives, flow-style or unquoted-odd top levels. */
const UNSAFE = /[&*!]\S|<<|\t|^(---|\.\.\.|%)/m;

interface Line {
  readonly start: number;
  readonly text: string;
}

function linesOf(text: string, offset = 0): Line[] {
  const out: Line[] = [];
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    const next = end === -1 ? text.length : end + 1;
    out.push({ start: offset + start, text: text.slice(start, next) });
    start = next;
  }
  return out;
}

const isBlank = (line: string): boolean => /^\s*(#.*)?$/.test(line);
const indentOf = (line: string): number => line.length - line.trimStart().length;

/**
 * `lines` cut where a line at `indent` holds a plain key: each piece from its key line to the next (blank lines and
 * comments before the first key go with it). Undefined when a line is less indented, or at `indent` without a key;
 * with `loose` (the services), such a line stays in the piece before it (which then parses as more than one clean
 * pair, and is read with its neighbours).
 */
function piecesAt(text: string, lines: readonly Line[], indent: number, loose = false): Piece[] | undefined {
  const starts: number[] = [];
  for (const [i, { text: line }] of lines.entries()) {
    if (isBlank(line)) continue;
    const own = indentOf(line);
    if (own < indent) return undefined;
    if (own !== indent) continue;
    if (KEY.test(line.slice(indent))) starts.push(i);
    else if (!loose) return undefined;
  }
  if (starts.length === 0) return undefined;
  starts[0] = 0;
  const end = (lines[lines.length - 1]?.start ?? 0) + (lines[lines.length - 1]?.text.length ?? 0);
  return starts.map((first, k) => {
    const from = lines[first]?.start ?? 0;
    const to = lines[starts[k + 1] ?? lines.length]?.start ?? end;
    return { text: text.slice(from, to), offset: from };
  });
}

/** The file split into top-level sections, `services:` further split by service; undefined when not safe. */
export function splitCompose(text: string): Piece[] | undefined {
  if (UNSAFE.test(text)) return undefined;
  const top = piecesAt(text, linesOf(text), 0);
  if (!top) return undefined;
  const out: Piece[] = [];
  for (const piece of top) {
    const header = /^services:[ \t]*(#.*)?\r?\n/m.exec(piece.text);
    if (
      !header ||
      piece.text
        .slice(0, header.index)
        .split('\n')
        .some((l) => !isBlank(l))
    ) {
      out.push(piece);
      continue;
    }
    const bodyAt = header.index + header[0].length;
    const body = linesOf(piece.text.slice(bodyAt), piece.offset + bodyAt);
    const first = body.find((l) => !isBlank(l.text));
    if (!first || indentOf(first.text) === 0) {
      out.push(piece);
      continue;
    }
    const services = piecesAt(text, body, indentOf(first.text), true);
    if (!services) return undefined;
    out.push({ text: piece.text.slice(0, bodyAt), offset: piece.offset, children: services });
  }
  return out;
}

/** How many characters `a` and `b` share at their start, and then at their end (not overlapping that start). */
function commonEnds(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  let start = 0;
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end)) end++;
  return [start, end];
}

/**
 * `splitCompose(text)` from the split of the text before, when the edit lies within one service's piece: that piece
 * is read again, the pieces before it are kept and the ones after moved by the edit's length. Undefined when the
 * edit may move a boundary (a line at the services' indentation or less, a piece's last line break, something
 * unsafe); the caller then splits the whole text. test/unit/incremental.test.ts compares it with `splitCompose`.
 */
export function resplitCompose(before: string, pieces: readonly Piece[], text: string): Piece[] | undefined {
  const [start, end] = commonEnds(before, text);
  const changedEnd = before.length - end;
  const delta = text.length - before.length;
  const holds = (c: Piece): boolean => c.offset <= start && start < c.offset + c.text.length;
  // The `services:` whose service the edit starts in (a file may hold it twice: the key is then a duplicate).
  const h = pieces.findIndex((p) => p.children?.some(holds));
  const header = pieces[h];
  const children = header?.children;
  const k = children?.findIndex(holds) ?? -1;
  const piece = children?.[k];
  if (!header || !children || !piece || changedEnd > piece.offset + piece.text.length) return undefined;
  const oldEnd = piece.offset + piece.text.length;
  const own = text.slice(piece.offset, oldEnd + delta);
  if (UNSAFE.test(own) || (oldEnd < before.length && !own.endsWith('\n'))) return undefined;
  const indent = indentOf(children[0]?.text.split('\n').find((l) => !isBlank(l)) ?? '');
  // The piece's first line that is not blank must be at the services' indentation, every other line deeper. Only the
  // first piece may start with blank lines and comments (before a later key, they end the piece before).
  let first: string | undefined;
  for (const { text: line } of linesOf(own)) {
    if (isBlank(line)) {
      if (first === undefined && k > 0) return undefined;
      continue;
    }
    if (first === undefined) {
      if (indentOf(line) !== indent) return undefined;
      first = line;
    } else if (indentOf(line) <= indent) return undefined;
  }
  if (first === undefined) return undefined;
  // A piece after the edit moves with its children: a second `services:` (a duplicate key) has services of its own.
  const moved = (p: Piece): Piece => ({
    text: p.text,
    offset: p.offset + delta,
    ...(p.children && { children: p.children.map(moved) }),
  });
  let services: Piece[];
  if (KEY.test(first.slice(indent)))
    services = [...children.slice(0, k), { text: own, offset: piece.offset }, ...children.slice(k + 1).map(moved)];
  else {
    // Not a key (`web:x`, a list item): the line stays in the piece before it, or, first, takes the next one in.
    const [prev, next] = [children[k - 1], children[k + 1]];
    if (k > 0 && prev) services = [...children.slice(0, k - 1), { text: prev.text + own, offset: prev.offset }];
    else if (k === 0 && next) services = [{ text: own + next.text, offset: piece.offset }];
    else return undefined;
    services.push(...children.slice(k + (k > 0 ? 1 : 2)).map(moved));
  }
  return [...pieces.slice(0, h), { ...header, children: services }, ...pieces.slice(h + 1).map(moved)];
}

/** Moves a piece's nodes (and its warnings) to `offset`. */
function shift(parsed: Parsed, offset: number): void {
  const delta = offset - parsed.at;
  if (delta === 0) return;
  moveNode(parsed.pair, delta);
  moveErrors(parsed.warnings, delta);
  parsed.at = offset;
}

/** A piece parsed on its own. */
function parsePiece(piece: Piece): Parsed {
  const doc = parseDocument(piece.text, YAML_PARSE_OPTIONS);
  const map = doc.contents;
  const clean = doc.errors.length === 0 && map instanceof YAMLMap && map.items.length === 1;
  return { pair: clean ? map.items[0] : undefined, warnings: doc.warnings, at: 0 };
}

/** Where a key starts, when it is a node with a range. */
const keyStart = (pair: unknown): number | undefined => (isPair(pair) && isNode(pair.key) ? pair.key.range?.[0] : undefined);

/** Whether a pair's key starts within a piece. */
const keyWithin = (pair: unknown, piece: Piece): boolean => {
  const at = keyStart(pair);
  return at !== undefined && at >= piece.offset && at < piece.offset + piece.text.length;
};

export class ComposeParses {
  private kept = new Map<string, Parsed>();
  /** The text last split, and its pieces: an edit within one service splits that one again. */
  private split: { text: string; pieces: readonly Piece[] } | undefined;

  /** The file parsed piece by piece, or undefined when it must be parsed whole. */
  parse(text: string): YamlFile | undefined {
    const last = this.split;
    const pieces = (last && resplitCompose(last.text, last.pieces, text)) ?? splitCompose(text);
    this.split = pieces && { text, pieces };
    if (!pieces) return undefined;
    // Nothing kept (the first parse, or after one that was whole): one whole parse, cheaper than a parse per piece,
    // and its pairs kept as the pieces' parses for the next edit.
    if (this.kept.size === 0) return this.seed(text, pieces);
    const next = new Map<string, Parsed>();
    const used = new Set<Parsed>();
    const get = (piece: Piece): Parsed | undefined => {
      let parsed = this.kept.get(piece.text);
      if (!parsed || used.has(parsed)) parsed = parsePiece(piece);
      used.add(parsed);
      next.set(piece.text, parsed);
      shift(parsed, piece.offset);
      return parsed.pair ? parsed : undefined;
    };
    const pairs: Pair[] = [];
    const warnings: YAMLError[] = [];
    const errors: YAMLError[] = [];
    const schema = parseDocument('{}', YAML_PARSE_OPTIONS).schema;
    for (const piece of pieces) {
      const parsed = get(piece);
      if (!parsed?.pair) return undefined;
      const pair = parsed.pair;
      warnings.push(...parsed.warnings);
      if (piece.children) {
        const services = servicesOf(text, piece, get, schema);
        if (!services) return undefined;
        warnings.push(...services.warnings);
        errors.push(...services.errors);
        // A new pair: the kept header's own pair stays as parsed (its value null), or moving it would move these too.
        pairs.push(new Pair(pair.key, services.map));
        continue;
      }
      pairs.push(pair);
    }
    this.kept = next;
    return assemble(text, pairs, warnings, errors);
  }

  /**
   * The file parsed whole, and each piece's pair taken from that parse and kept, when the pieces are exactly the
   * parse's pairs (a top-level pair per piece, a service per child piece) and it has no errors or warnings.
   */
  private seed(text: string, pieces: readonly Piece[]): YamlFile {
    const file = parseYamlFile(text);
    const root = file.documents[0]?.contents;
    const fits =
      file.documents.length === 1 &&
      file.errors.length === 0 &&
      file.warnings.length === 0 &&
      root instanceof YAMLMap &&
      root.items.length === pieces.length &&
      pieces.every((piece, i) => {
        const pair = root.items[i];
        if (!keyWithin(pair, piece)) return false;
        if (!piece.children) return true;
        const services = (pair as Pair).value;
        return (
          services instanceof YAMLMap &&
          services.items.length === piece.children.length &&
          piece.children.every((child, k) => keyWithin(services.items[k], child))
        );
      });
    if (!fits) return file;
    const kept = new Map<string, Parsed>();
    const keep = (piece: Piece, pair: Pair): void => {
      // The same text twice (two equal services): the second is parsed again when it is needed.
      if (!kept.has(piece.text)) kept.set(piece.text, { pair, warnings: [], at: piece.offset });
    };
    for (const [i, piece] of pieces.entries()) {
      const pair = root.items[i] as Pair;
      if (!piece.children) {
        keep(piece, pair);
        continue;
      }
      // The header is left to be parsed on its own (alone it parses to a pair with an empty value, which the whole
      // parse has not got); the services are kept one by one.
      const services = pair.value as YAMLMap;
      piece.children.forEach((child, k) => keep(child, services.items[k]));
    }
    this.kept = kept;
    return file;
  }
}

/**
 * The `services:` map from its pieces' parses; one service that is not one clean pair is read with its neighbours
 * (`confine`). Undefined when the file must be parsed whole.
 */
function servicesOf(
  text: string,
  header: Piece,
  get: (piece: Piece) => Parsed | undefined,
  schema: YAMLMap['schema'],
): { map: YAMLMap; errors: YAMLError[]; warnings: YAMLError[] } | undefined {
  const children = header.children ?? [];
  const parsed = children.map(get);
  const broken = parsed.flatMap((p, i) => (p ? [] : [i]));
  const pairs = parsed.map((p) => p?.pair);
  const warnings = parsed.flatMap((p) => p?.warnings ?? []);
  const last = children[children.length - 1];
  const valueEnd = endOf(pairs[pairs.length - 1]);
  if (!last || valueEnd === undefined || broken.length > 1) return undefined;
  const end = withComments(text, valueEnd, last.offset + last.text.length, indentOf(last.text));
  let items = pairs as Pair[];
  let errors: YAMLError[] = [];
  if (broken.length === 1) {
    const confined = confine(header, children, pairs, broken[0] ?? 0, text, valueEnd, end);
    if (!confined) return undefined;
    ({ items, errors } = confined);
    warnings.push(...confined.warnings);
  }
  const map = new YAMLMap(schema);
  map.items = items;
  const first = items[0]?.key as { range?: Range3 } | undefined;
  if (!first?.range) return undefined;
  map.range = [first.range[0], end, end];
  return { map, errors, warnings };
}

/**
 * A block map's end as a whole parse sets it: after its last value, and after the comment lines that follow, as far as
 * they are indented at least as much as the map's keys (blank lines between them do not end it).
 */
function withComments(text: string, from: number, limit: number, indent: number): number {
  let end = from;
  const lineEnd = text.indexOf('\n', from);
  const rest = text.slice(from, lineEnd === -1 ? limit : Math.min(lineEnd, limit)).replace(/\r$/, '');
  if (from > 0 && text[from - 1] !== '\n' && rest.trim().startsWith('#')) end = from + rest.trimEnd().length;
  for (let at = lineEnd === -1 ? limit : lineEnd + 1; at < limit;) {
    const next = text.indexOf('\n', at);
    const stop = next === -1 || next > limit ? limit : next;
    const line = text.slice(at, stop).replace(/\r$/, '');
    if (line.trim().startsWith('#')) {
      if (indentOf(line) < indent) break;
      end = at + line.trimEnd().length;
    } else if (line.trim() !== '') break;
    at = stop + 1;
  }
  return end;
}

function assemble(text: string, pairs: Pair[], warnings: YAMLError[], errors: YAMLError[]): YamlFile | undefined {
  const doc = parseDocument('{}', YAML_PARSE_OPTIONS) as Document.Parsed;
  const root = new YAMLMap(doc.schema);
  root.items = pairs;
  const first = pairs[0]?.key as { range?: [number, number, number] } | undefined;
  const valueEnd = endOf(pairs[pairs.length - 1]);
  if (!first?.range || valueEnd === undefined) return undefined;
  const end = withComments(text, valueEnd, text.length, 0);
  root.range = [first.range[0], end, end];
  doc.contents = root as unknown as YAMLMap.Parsed;
  doc.range = [0, text.length, text.length];
  doc.warnings.push(...warnings);
  doc.errors.push(...errors);
  return yamlFileOf(text, [doc]);
}
