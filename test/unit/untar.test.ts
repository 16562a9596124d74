import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { tarArchive, tarStream, type TarStreamEntry } from '../../client/src/engine/tar';
import { extractTar } from '../../client/src/engine/untar';

const scratch = mkdtempSync(join(tmpdir(), 'sdwuntar-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const folder = (): string => mkdtempSync(join(scratch, `${folders++}-`));

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// Beyond ustar's 100-byte name (split into prefix/name), and beyond 255 with no split possible (pax record).
const split = `${'d'.repeat(120)}/${'f'.repeat(90)}.txt`;
const pax = `${'p'.repeat(200)}/${'q'.repeat(120)}.txt`;
const longTarget = `${'t'.repeat(150)}/target`;

const streamed: TarStreamEntry[] = [
  { type: 'directory', path: 'empty', mode: 0o755 },
  { type: 'file', path: 'run.sh', mode: 0o750, size: 3, source: Buffer.from('#!\n') },
  { type: 'file', path: split, mode: 0o600, size: 5, source: Buffer.from('split') },
  { type: 'file', path: pax, mode: 0o644, size: 3, source: Buffer.from('pax') },
  { type: 'symlink', path: 'link', target: 'run.sh' },
  { type: 'symlink', path: 'longlink', target: longTarget },
];

describe('tar archives written and read back', () => {
  it('GNU tar lists what the stream holds: names past 100 and 255 bytes, modes, symlinks, an empty folder', async () => {
    const file = join(folder(), 'a.tar');
    writeFileSync(file, await bytes(tarStream(streamed)));
    const listing = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' }).trim().split('\n');
    const line = (name: string): string => listing.find((l) => l.includes(` ${name}`)) ?? `no entry ${name}`;
    assert.match(line('empty/'), /^drwxr-xr-x /);
    assert.match(line('run.sh'), /^-rwxr-x--- /);
    assert.match(line(split), /^-rw------- /);
    assert.match(line(pax), /^-rw-r--r-- /);
    assert.match(line('link'), /^lrwxrwxrwx .* link -> run\.sh$/);
    assert.match(line('longlink'), new RegExp(`longlink -> ${longTarget}$`));
    assert.equal(listing.length, streamed.length);
  });

  it('reads the archive back into a folder with the same names, contents, modes and links', async () => {
    const dir = folder();
    const written = await extractTar(await bytes(tarStream(streamed)), dir);
    assert.deepEqual(written, ['empty', 'run.sh', split, pax, 'link', 'longlink']);
    assert.ok(statSync(join(dir, 'empty')).isDirectory());
    assert.equal(statSync(join(dir, 'run.sh')).mode & 0o777, 0o750);
    assert.equal(readFileSync(join(dir, split), 'utf8'), 'split');
    assert.equal(readFileSync(join(dir, pax), 'utf8'), 'pax');
    assert.equal(readlinkSync(join(dir, 'longlink')), longTarget);
  });

  it('reads what GNU tar writes (GNU long names)', async () => {
    const source = folder();
    const long = 'g'.repeat(150);
    writeFileSync(join(source, long), 'gnu');
    const archive = execFileSync('tar', ['--format=gnu', '-cf', '-', '-C', source, long]);
    const dir = folder();
    assert.deepEqual(await extractTar(archive, dir), [long]);
    assert.equal(readFileSync(join(dir, long), 'utf8'), 'gnu');
  });

  it('refuses a name that leaves the folder', async () => {
    const archive = await tarArchive([{ path: '../escape.txt', content: Buffer.from('x') }]);
    await assert.rejects(extractTar(archive, folder()), /outside .*: refused/);
  });

  it('fails the stream when a file changes size while it is read', async () => {
    const file = join(folder(), 'grows.txt');
    writeFileSync(file, 'four');
    const stream = tarStream([{ type: 'file', path: 'grows.txt', mode: 0o644, size: 2, source: file }]);
    await assert.rejects(bytes(stream), /grows\.txt changed while it was being archived/);
  });
});
