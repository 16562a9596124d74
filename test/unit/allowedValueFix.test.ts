import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, validate, type Diagnostic } from '../../server/src/service';

/** Applies a fix's edits to the text (single-line edits, as these fixes are). */
function applied(text: string, diagnostic: Diagnostic, title: string): string {
  const fix = diagnostic.fixes?.find((f) => f.title === title);
  assert.ok(fix, `no fix '${title}' among ${JSON.stringify(diagnostic.fixes?.map((f) => f.title))}`);
  const lines = text.split('\n');
  for (const edit of fix.edits) {
    const line = lines[edit.range.start.line] ?? '';
    lines[edit.range.start.line] =
      line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
  }
  return lines.join('\n');
}

const composeFile = (restart: string): string => `services:\n  web:\n    image: nginx:1.27\n    restart: ${restart}\n`;
const check = (text: string): Diagnostic[] =>
  validate(createSourceFile('file:///w/compose.yaml', 1, text)).filter((d) => d.severity === 'error');

describe('a value outside an enumeration offers the allowed values as quick fixes', () => {
  it('restart: a misspelt policy gets the closest one first, and the fix leaves the file clean', () => {
    const text = composeFile('alway');
    const [finding, ...others] = check(text);
    assert.equal(others.length, 0);
    assert.equal(finding?.code, 'compose/invalid-value');
    assert.deepEqual(
      finding?.fixes?.map((f) => f.title),
      ["Change to 'always'", "Change to 'no'", "Change to 'on-failure'", "Change to 'unless-stopped'"],
    );
    assert.deepEqual(check(applied(text, finding, "Change to 'always'")), []);
  });

  it("restart: 'no' is written quoted, so no YAML 1.1 parser reads it as false", () => {
    const text = composeFile('sometimes');
    const [finding] = check(text);
    assert.ok(finding);
    const fixed = applied(text, finding, "Change to 'no'");
    assert.match(fixed, /restart: "no"\n/);
    assert.deepEqual(check(fixed), []);
  });

  it('a value that is not a scalar gets the finding without a one-click fix', () => {
    const [finding] = check('services:\n  web:\n    image: nginx:1.27\n    restart: [always]\n');
    assert.ok(finding);
    assert.equal(finding.fixes, undefined);
  });
});
