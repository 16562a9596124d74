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
