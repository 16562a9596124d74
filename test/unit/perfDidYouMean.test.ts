import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didYouMean, editDistance } from '../../server/src/service/text';
import { seeded } from '../support/incrementalFuzz';

/** The suggestion by its definition: the first closest candidate, when within a third of the word's length. */
function measuredAll(word: string, candidates: readonly string[]): string | undefined {
  const distances = candidates.map((c) => editDistance(word.toLowerCase(), c.toLowerCase()));
  const best = Math.min(...distances);
  return best <= Math.max(1, Math.floor(word.length / 3)) ? candidates[distances.indexOf(best)] : undefined;
}

/** Optimal string alignment distance by its whole table: what editDistance computes with three rows of it. */
function tableDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : i)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const options = [at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1)];
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) options.push(at(i - 2, j - 2) + 1);
      (d[i] ?? [])[j] = Math.min(...options);
    }
  }
  return at(a.length, b.length);
}

describe('editDistance', () => {
  it("is the whole table's answer, on random pairs", () => {
    const random = seeded(16);
    const word = (): string =>
      Array.from({ length: Math.floor(random() * 10) }, () => 'abcab'[Math.floor(random() * 5)]).join('');
    for (let round = 0; round < 3000; round++) {
      const [a, b] = [word(), word()];
      assert.equal(editDistance(a, b), tableDistance(a, b), `${a} / ${b}`);
    }
    assert.equal(editDistance('imagePullPolicyy', 'imagePullPolicy'), 1);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('', 'abc'), 3);
  });
});

describe('didYouMean skips candidates whose length alone rules them out', () => {
  it('suggests what measuring every candidate suggests, on random words', () => {
    const random = seeded(15);
    const letters = 'abcdeimnoprstAE_-';
    const word = (): string =>
      Array.from({ length: 1 + Math.floor(random() * 12) }, () => letters[Math.floor(random() * letters.length)]).join('');
    let suggested = 0;
    for (let round = 0; round < 2000; round++) {
      const target = word();
      // Near misses of the target among unrelated words, so that some rounds have an answer.
      const near = [target.slice(1), `${target}x`, target.toUpperCase(), `${target.slice(0, -1)}zz`];
      const candidates = Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        random() < 0.4 ? (near[Math.floor(random() * near.length)] ?? '') : word(),
      );
      const expected = measuredAll(target, candidates);
      assert.equal(didYouMean(target, candidates), expected, `${target} among ${candidates.join(', ')}`);
      if (expected !== undefined) suggested++;
    }
    assert.ok(suggested > 300, `${suggested} rounds had a suggestion`);
  });
});
