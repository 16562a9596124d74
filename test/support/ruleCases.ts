import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createSourceFile, validate, type Diagnostic, type ValidationContext } from '../../server/src/service';
import { PRACTICE_CODES } from '../../server/src/service/rules/registry';
import { fixture, lineEndings } from './fixture';
import { memoryHost } from './memoryHost';

export interface RuleCase {
  readonly name: string;
  /** Path of the file under test; its name decides compose or stack. */
  readonly path?: string;
  /** `$0` marks where each expected diagnostic starts, in order of position. */
  readonly text: string;
  /** Expected rule codes, in order of position; [] for a clean file. */
  readonly codes: readonly string[];
  /** Other files of the project (`.env`, included files), by absolute path. */
  readonly files?: Readonly<Record<string, string>>;
  readonly message?: string | RegExp;
  readonly context?: ValidationContext;
}

const byPosition = (a: Diagnostic, b: Diagnostic): number =>
  a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

/**
 * Runs each case in LF and CRLF, comparing rule codes, start positions and (when given) the first message. A case
 * that expects no best-practice code ignores them all.
 */
export function ruleCases(cases: readonly RuleCase[], ignore: readonly string[] = []): void {
  for (const c of cases) {
    for (const eol of lineEndings) {
      // Best-practice findings count only in the cases about them (those that expect one).
      const practices = c.codes.some((code) => PRACTICE_CODES.includes(code));
      it(`${c.name} (${eol.name})`, () => {
        const { text, markers } = fixture(eol.apply(c.text));
        const path = c.path ?? '/w/compose.yaml';
        const files = Object.fromEntries(Object.entries(c.files ?? {}).map(([p, t]) => [p, eol.apply(t)]));
        const diagnostics = validate(createSourceFile(`file://${path}`, 1, text), {
          host: memoryHost({ ...files, [path]: text }),
          ...c.context,
        })
          .filter((d) => !ignore.includes(d.code) && (practices || !PRACTICE_CODES.includes(d.code)))
          .sort(byPosition);
        const shown = JSON.stringify(diagnostics.map((d) => [d.code, d.range.start, d.message]));
        assert.deepEqual(
          diagnostics.map((d) => d.code),
          c.codes,
          shown,
        );
        if (markers.length > 0)
          assert.deepEqual(
            diagnostics.map((d) => d.range.start),
            markers,
            shown,
          );
        if (typeof c.message === 'string') assert.equal(diagnostics[0]?.message, c.message);
        else if (c.message) assert.match(diagnostics[0]?.message ?? '', c.message);
      });
    }
  }
}
