import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The compiled module under test, beside this test's own output (out/test/unit → out/server/src).
const youngGeneration = join(__dirname, '..', '..', 'server', 'src', 'youngGeneration.js');

/** The young generation's size (new space, MB) after a process allocated many short-lived objects, as a check does. */
function newSpaceAfterChurn(preload: boolean): number {
  const script = `
    ${preload ? `require(${JSON.stringify(youngGeneration)});` : ''}
    const v8 = require('node:v8');
    let keep = [];
    for (let round = 0; round < 12; round++) {
      const batch = [];
      for (let i = 0; i < 100000; i++) batch.push({ key: 'k' + i, value: [i, String(i)] });
      keep = batch.slice(0, 1000);
    }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.space_size / 1048576) + ' ' + keep.length);
  `;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return Number(run.stdout.split(' ')[0]);
}

describe('the language server keeps its young generation small', () => {
  it('with the server’s V8 flag the new space stays at its start size under churn; without it, it grows', () => {
    const kept = newSpaceAfterChurn(true);
    const grown = newSpaceAfterChurn(false);
    assert.ok(grown >= 4 * kept, `new space: ${kept} MB with the flag, ${grown} MB without`);
  });
});
