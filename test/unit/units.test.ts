import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBytes, parseDuration } from '../../client/src/engine/units';

describe('durations in Go syntax, as nanoseconds', () => {
  const cases: [string | number, number][] = [
    ['0', 0],
    ['30s', 30e9],
    ['1m30s', 90e9],
    ['500ms', 500e6],
    ['1h', 3600e9],
    ['1.5h', 5400e9],
    ['2h45m10s', (2 * 3600 + 45 * 60 + 10) * 1e9],
    ['10us', 10e3],
    ['10µs', 10e3],
    ['7ns', 7],
    [' 5s ', 5e9],
    // A bare number is seconds, as compose-go reads a number where a duration goes.
    [42, 42e9],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(parseDuration(text), expected));
  }

  for (const bad of ['', '5', '1d', 's', '1m 30s', '1.2.3s', 'abc']) {
    it(`rejects ${JSON.stringify(bad)} with a sentence naming it`, () => {
      assert.throws(() => parseDuration(bad), { message: `invalid duration '${bad}' (use e.g. 30s, 1m30s, 500ms)` });
    });
  }
});

describe('sizes in compose units, as bytes', () => {
  const cases: [string | number, number][] = [
    ['1024', 1024],
    ['100b', 100],
    ['1k', 1024],
    ['1kb', 1024],
    ['1K', 1024],
    ['1KB', 1024],
    ['512m', 512 * 1024 ** 2],
    ['512MB', 512 * 1024 ** 2],
    ['2g', 2 * 1024 ** 3],
    ['2Gb', 2 * 1024 ** 3],
    ['1.5g', 1.5 * 1024 ** 3],
    ['1t', 1024 ** 4],
    [65536, 65536],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(parseBytes(text), expected));
  }

  for (const bad of ['', 'm', '1x', '-1m', 'lots']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseBytes(bad), { message: `invalid size '${bad}' (use e.g. 512m, 1g, 100000)` });
    });
  }
});
