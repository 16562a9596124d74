import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitShellWords } from '@stevedore/model';

/** [command string, words or error] — as compose splits `command:` / `entrypoint:` strings (quoting only, no expansion). */
const cases: [string, string[] | RegExp][] = [
  [`sh -c "echo 'hi there'"`, ['sh', '-c', "echo 'hi there'"]],
  ['  a   b  ', ['a', 'b']],
  [`'it''s'`, ['its']],
  ['a\\ b', ['a b']],
  ['"a\\"b" "c\\nd"', ['a"b', 'c\\nd']],
  ['""', ['']],
  // No expansion: a `$` that survived interpolation (written `$$`) reaches the container as it is.
  ['echo $HOME ${HOME}', ['echo', '$HOME', '${HOME}']],
  ['echo *.txt', ['echo', '*.txt']],
  [`echo 'oops`, /unterminated single quote/],
  ['echo "oops', /unterminated double quote/],
];

describe('splitting a command string into words', () => {
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)}`, () => {
      const words = splitShellWords(text);
      if (expected instanceof RegExp) assert.match('error' in words ? words.error : 'no error', expected);
      else assert.deepEqual(words, expected);
    });
  }
});
