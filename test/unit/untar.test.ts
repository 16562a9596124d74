import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tarArchive } from '../../client/src/engine/tar';
import { extractTar } from '../../client/src/engine/untar';

describe('reading a container’s archive into a folder', () => {
  it('writes files, long (pax) names included, and refuses a name that leaves the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdwuntar-'));
    try {
      const long = `${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
      const written = extractTar(
        tarArchive([
          { path: 'a.txt', content: Buffer.from('a\n') },
          { path: long, content: Buffer.from('long\n') },
        ]),
        dir,
      );
      assert.deepEqual(written, ['a.txt', long]);
      assert.equal(readFileSync(join(dir, long), 'utf8'), 'long\n');
      assert.throws(
        () => extractTar(tarArchive([{ path: '../escape.txt', content: Buffer.from('x') }]), dir),
        /outside .*: refused/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
