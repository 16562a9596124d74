import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DockerignoreSyntaxError, hasExceptions, isIgnored, parseDockerignore } from '../../client/src/engine/dockerignore';

/** [.dockerignore text, path, ignored?] — expectations as `docker build` decides them (moby/patternmatcher). */
const cases: [string, string, boolean][] = [
  ['secret.txt', 'secret.txt', true],
  ['secret.txt', 'sub/secret.txt', false],
  ['/secret.txt', 'secret.txt', true],
  ['./secret.txt', 'secret.txt', true],
  ['*.log', 'a.log', true],
  ['*.log', 'logs/a.log', false],
  ['*/*.log', 'logs/a.log', true],
  ['**/*.log', 'a.log', true],
  ['**/*.log', 'deep/er/a.log', true],
  ['**/*.log', 'a.log.txt', false],
  ['node_modules', 'node_modules/x/index.js', true],
  ['node_modules/', 'node_modules/x/index.js', true],
  ['docs/**', 'docs/a/b.md', true],
  // As moby compiles it: a trailing /** needs something after the slash; the folder stays, its content goes.
  ['docs/**', 'docs', false],
  ['a?c', 'abc', true],
  ['a?c', 'a/c', false],
  ['a?c', 'abbc', false],
  ['[abc].txt', 'b.txt', true],
  // Go has no `[!…]` negation (filepath.Match: `'[' [ '^' ] …`; moby hands `[…]` to Go's regexp as it is): `!` is a member.
  ['[!abc].txt', 'b.txt', true],
  ['[!abc].txt', '!.txt', true],
  ['[!abc].txt', 'd.txt', false],
  ['[^abc].txt', 'b.txt', false],
  ['[^abc].txt', 'd.txt', true],
  ['Secret.txt', 'secret.txt', false],
  ['**/foo', 'x/y/foo/bar', true],
  ['\\*.txt', '*.txt', true],
  ['\\*.txt', 'a.txt', false],
  ['# comment\n\n  spaced.txt  ', 'spaced.txt', true],
  ['# comment', '# comment', false],
  ['*.md\n!README.md', 'README.md', false],
  ['*.md\n!README.md', 'CHANGES.md', true],
  ['!README.md\n*.md', 'README.md', true],
  ['*\n!src', 'src/main.ts', false],
  ['*\n!src', 'Dockerfile', true],
  ['docs\n!docs/keep.md', 'docs/keep.md', false],
  ['docs\n!docs/keep.md', 'docs/drop.md', true],
  ['a/../b', 'b', true],
  ['.git', '.git/HEAD', true],
  ['file.txt', 'file.txt.bak', false],
  ['line\r\nother', 'other', true],
];

describe('.dockerignore patterns', () => {
  for (const [text, path, ignored] of cases) {
    it(`${JSON.stringify(text)} ${ignored ? 'ignores' : 'keeps'} ${path}`, () => {
      assert.equal(isIgnored(parseDockerignore(text), path), ignored);
    });
  }

  it('refuses a pattern Docker calls a syntax error, naming it', () => {
    assert.throws(() => parseDockerignore('ok.txt\na['), { name: 'DockerignoreSyntaxError', message: /"a\["/ });
    assert.throws(() => parseDockerignore('[a-'), DockerignoreSyntaxError);
  });

  it('says when a ! rule could re-include something inside an ignored folder', () => {
    assert.equal(hasExceptions(parseDockerignore('docs\n!docs/keep.md')), true);
    assert.equal(hasExceptions(parseDockerignore('docs\n*.log')), false);
  });
});
