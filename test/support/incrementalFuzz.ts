import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createSourceFile,
  getCompletions,
  getDocumentSymbols,
  getHover,
  validate,
  WorkspaceSession,
  type Diagnostic,
  type SourceFile,
} from '../../server/src/service';
import { memoryHost } from './memoryHost';
import { repoRoot } from './paths';

/** How many times the default number of seeds the fuzz runs: `STEVEDORE_FUZZ_ROUNDS=10` for a longer search. */
export const FUZZ_ROUNDS = Number(process.env['STEVEDORE_FUZZ_ROUNDS'] ?? 1);

/** A small seeded generator (mulberry32): a failing seed replays the same edits. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Edit = (text: string, random: () => number) => string;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];
const lineStarts = (text: string): number[] => [0, ...[...text.matchAll(/\n/g)].map((m) => (m.index ?? 0) + 1)];

/**
 * An edit of a random line among those `matches` accepts: `change` rewrites the file's lines around line `i` (the
 * text is left as it is when no line matches). The line is picked before `change` draws, so a seed replays.
 */
const atRandomLine =
  (matches: (line: string) => boolean, change: (lines: string[], i: number, random: () => number) => void): Edit =>
  (text, random) => {
    const lines = text.split('\n');
    const candidates = lines.flatMap((line, i) => (matches(line) ? [i] : []));
    if (candidates.length === 0) return text;
    change(lines, pick(candidates, random), random);
    return lines.join('\n');
  };

/** Text inserted at a random place in a random line. */
export const insertAt =
  (pieces: readonly string[]): Edit =>
  (text, random) => {
    const at = Math.floor(random() * (text.length + 1));
    return text.slice(0, at) + pick(pieces, random) + text.slice(at);
  };

/** A random span of up to `max` characters removed. */
export const deleteSpan =
  (max: number): Edit =>
  (text, random) => {
    const at = Math.floor(random() * text.length);
    return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * max));
  };

/** A whole line inserted before a random line (a new key, a marker, a comment…). */
export const insertLine =
  (lines: readonly string[]): Edit =>
  (text, random) => {
    const at = pick(lineStarts(text), random);
    return `${text.slice(0, at)}${pick(lines, random)}\n${text.slice(at)}`;
  };

/** A random line removed. */
export const deleteLine: Edit = (text, random) => {
  const starts = lineStarts(text);
  const i = Math.floor(random() * starts.length);
  return text.slice(0, starts[i]) + text.slice(starts[i + 1] ?? text.length);
};

/** A random line typed at its end, as an editor does (the bench's edit: `name: app0` → `name: app0x`). */
export const typeAtLineEnd =
  (pieces: readonly string[]): Edit =>
  (text, random) => {
    const starts = lineStarts(text);
    const i = Math.floor(random() * starts.length);
    const end = (starts[i + 1] ?? text.length + 1) - 1;
    return text.slice(0, end) + pick(pieces, random) + text.slice(end);
  };

/**
 * The value of a random `key: value` line replaced, keeping the file's shape (valid and wrong values, interpolations):
 * the edit a user makes most, and the one after which every other service's findings are reused.
 */
export const replaceValue = (values: readonly string[]): Edit =>
  atRandomLine(
    (line) => /^\s+[\w.-]+: [^\s#&*]/.test(line),
    (lines, i, random) => {
      lines[i] = (lines[i] ?? '').replace(/^(\s+[\w.-]+: ).*$/, `$1${pick(values, random)}`);
    },
  );

/** A random key of a `key: value` line renamed (a typo, or another known key). */
export const renameKey = (keys: readonly string[]): Edit =>
  atRandomLine(
    (line) => /^\s+[\w.-]+:( |$)/.test(line),
    (lines, i, random) => {
      lines[i] = (lines[i] ?? '').replace(/^(\s+)[\w.-]+:/, `$1${pick(keys, random)}:`);
    },
  );

/** A random top-level `key: value` line's value replaced (`kind: Service` → `kind: ConfigMap`: an object changes kind). */
export const replaceTopValue = (key: string, values: readonly string[]): Edit =>
  atRandomLine(
    (line) => line.startsWith(`${key}: `),
    (lines, i, random) => {
      lines[i] = `${key}: ${pick(values, random)}`;
    },
  );

/** A random document (from one `---` line to the next) cut and pasted before another: the objects change order. */
export const moveDocument: Edit = (text, random) => {
  const markers = lineStarts(text).filter((at) => text.startsWith('---\n', at));
  if (markers.length < 2) return text;
  const from = Math.floor(random() * markers.length);
  const start = markers[from] ?? 0;
  const end = markers[from + 1] ?? text.length;
  const document = text.slice(start, end).endsWith('\n') ? text.slice(start, end) : `${text.slice(start, end)}\n`;
  const rest = text.slice(0, start) + text.slice(end);
  const to = pick(
    lineStarts(rest).filter((at) => rest.startsWith('---\n', at)),
    random,
  );
  return to === undefined ? text : rest.slice(0, to) + document + rest.slice(to);
};

/** A random `  name:` line (a service, network or volume with its value below) renamed: to another, a new or a taken name. */
export const renameEntry = (names: readonly string[]): Edit =>
  atRandomLine(
    (line) => /^ {2}[\w.-]+:\s*$/.test(line),
    (lines, i, random) => {
      lines[i] = `  ${pick(names, random)}:`;
    },
  );

/** A random list item (`- "8080:80"`, `- db`) replaced, keeping its indentation: a port, a dependency, a network. */
export const replaceItem = (values: readonly string[]): Edit =>
  atRandomLine(
    (line) => /^\s+- [^\s#&*]/.test(line),
    (lines, i, random) => {
      lines[i] = (lines[i] ?? '').replace(/^(\s+- ).*$/, `$1${pick(values, random)}`);
    },
  );

/** A line inserted right below a random `  name:` line: a new first key of a service (or network, volume…). */
export const insertBelowEntry = (entries: readonly string[]): Edit =>
  atRandomLine(
    (line) => /^ {2}[\w.-]+:\s*$/.test(line),
    (lines, i, random) => {
      lines.splice(i + 1, 0, pick(entries, random));
    },
  );

const key = (d: Diagnostic): string => JSON.stringify(d);
const sorted = (list: readonly Diagnostic[]): string[] => list.map(key).sort();

/**
 * Edits a file again and again in one session, and after each edit checks that the session's answer (incremental
 * where it can be) equals a whole-file check of the same text with the same context, and its outline the whole
 * file's. Returns how many edits were
 * checked on the incremental path.
 */
export async function assertIncrementalEqualsFull(
  uri: string,
  text: string,
  edits: readonly Edit[],
  options: {
    seed: number;
    steps: number;
    files?: Record<string, string>;
    /** A folder of `files` whose manifests belong to the workspace (their objects are the other files' objects). */
    folder?: string;
    counted?: (text: string) => boolean;
    features?: boolean;
    /**
     * Adds up what the session reused (Compose and stack files): services' findings, the model's parts, the
     * subtrees the YAML rules (duplicate keys, retyped values) took from their memo, and the services' summaries the
     * project-wide rules read.
     */
    reuse?: { services: number; parts?: number; subtrees?: number; summaries?: number };
  },
): Promise<number> {
  const random = seeded(options.seed);
  const session = new WorkspaceSession({ host: memoryHost(options.files ?? {}) });
  if (options.folder) session.addFolder(options.folder);
  let incremental = 0;
  for (let version = 1; version <= options.steps; version++) {
    if (version > 1) text = pick(edits, random)(text, random);
    const file = session.open(uri, version, text);
    // Every other version the outline is asked for before the check (the editor asks for both, in either order).
    const early = version % 2 === 0 ? session.documentSymbols(uri) : undefined;
    const actual = (await session.diagnostics(uri)) ?? [];
    // The whole-file check: a file made from the same text, parsed whole.
    const whole = createSourceFile(uri, version, text, file.kind);
    const expected = session.isChecked(file) ? validate(whole, session.context(uri)) : [];
    assert.deepEqual(sorted(actual), sorted(expected), `seed ${options.seed}, version ${version}:\n${text}`);
    // The outline (a manifest's from its documents' own parses) equals the whole file's.
    const outline = early ?? session.documentSymbols(uri);
    assert.deepEqual(outline, getDocumentSymbols(whole), `seed ${options.seed}, version ${version}: outline\n${text}`);
    if (session.isIncremental(uri) || options.counted?.(text)) incremental++;
    if (options.reuse) {
      const findings = session.findingsOf(file);
      options.reuse.services += findings?.reused ?? 0;
      options.reuse.parts = (options.reuse.parts ?? 0) + (findings?.model.reused ?? 0);
      options.reuse.subtrees = (options.reuse.subtrees ?? 0) + (findings?.nodes.reused ?? 0);
      options.reuse.summaries = (options.reuse.summaries ?? 0) + (findings?.summaries.reused ?? 0);
    }
    if (options.features)
      assertSameFeatures(file, whole, session, random, `seed ${options.seed}, version ${version} ${JSON.stringify(text)}`);
  }
  return incremental;
}

/** Completion, hover and symbols answer the same on the file parsed in pieces as on the file parsed whole. */
function assertSameFeatures(
  file: SourceFile,
  whole: SourceFile,
  session: WorkspaceSession,
  random: () => number,
  what: string,
): void {
  const context = session.context(file.uri);
  assert.deepEqual(getDocumentSymbols(file), getDocumentSymbols(whole), `${what}: symbols`);
  const lines = file.text.split('\n');
  for (let i = 0; i < 4; i++) {
    const line = Math.floor(random() * lines.length);
    const position = { line, character: Math.floor(random() * ((lines[line] ?? '').length + 1)) };
    const at = `${what}, ${line}:${position.character}`;
    assert.deepEqual(getCompletions(file, position, context), getCompletions(whole, position, context), `${at}: completion`);
    assert.deepEqual(getHover(file, position, context), getHover(whole, position, context), `${at}: hover`);
  }
}

/** The bench's generated workloads (bench/workloads.mjs). */
export async function benchWorkloads(): Promise<{
  composeWorkload: (n: number) => { text: string };
  kubernetesWorkload: (n: number) => { text: string; editLine: number };
}> {
  return (await import(pathToFileURL(join(repoRoot, 'bench', 'workloads.mjs')).href)) as never;
}

export const readCorpus = (path: string): string => readFileSync(path, 'utf8');
