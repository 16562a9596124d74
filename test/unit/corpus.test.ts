import assert from 'node:assert/strict';
import { basename, relative } from 'node:path';
import { describe, it } from 'node:test';
import { corpusFiles, corpusRoot, errorsOf, validateCorpusFile } from '../support/corpus';

// "A diagnostic on a file the real tool accepts is a bug": every valid file of the shared corpus gets no error.
// (Stack files are judged against docker stack config itself, in test/engine/stackOracle.test.ts.)
describe('the valid corpus has no errors', () => {
  for (const [folder, kind] of [
    ['compose/valid', 'compose'],
    ['compose/valid-multifile', 'compose'],
    ['kubernetes/valid', 'kubernetes'],
  ] as const) {
    it(`${folder} (${kind})`, () => {
      const files = corpusFiles(folder);
      assert.ok(files.length > 0, `no files in ${folder}`);
      const failures = files.flatMap((file) =>
        errorsOf(validateCorpusFile(file, kind)).map((e) => `${relative(corpusRoot, file)}:${e}`),
      );
      assert.deepEqual(failures, []);
    });
  }
});

describe('the invalid Kubernetes corpus: every file gets an error', () => {
  it('kubernetes/invalid', () => {
    const files = corpusFiles('kubernetes/invalid');
    assert.ok(files.length > 0);
    const missed = files.filter((file) => errorsOf(validateCorpusFile(file, 'kubernetes')).length === 0).map((f) => basename(f));
    assert.deepEqual(missed, []);
  });
});

describe('the invalid compose corpus', () => {
  // What upstream's own tests expect, and the rule that must say it.
  const expected: Readonly<Record<string, string>> = {
    'compose-go__depends-on-cycle.yaml': 'compose/depends-on-cycle',
    'compose-go__depends-on-self.yaml': 'compose/depends-on-cycle',
    'docker-compose-v1__net-container-v2-invalid.yaml': 'compose/unknown-key',
    'docker-compose-v2__wrong-composefile.yaml': 'compose/unknown-key',
  };
  for (const [name, code] of Object.entries(expected)) {
    it(`${name} is reported as ${code}`, () => {
      const file = corpusFiles('compose/invalid').find((f) => basename(f) === name);
      assert.ok(file, `${name} is in the corpus`);
      const errors = errorsOf(validateCorpusFile(file, 'compose'));
      assert.ok(
        errors.some((e) => e.includes(` ${code} `)),
        errors.join('\n'),
      );
    });
  }
});
