import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { buildContextArchive } from '../../client/src/engine/compose/buildContext';
import { tarArchive } from '../../client/src/engine/tar';

interface Entry {
  path: string;
  type: string;
  mode: number;
  uid: number;
  content: string;
}

/** Reads a tar back (ustar + pax path records): enough to check what our writer put in it. */
async function readTar(source: Readable | Buffer): Promise<Entry[]> {
  const chunks: Buffer[] = [];
  if (Buffer.isBuffer(source)) chunks.push(source);
  else for await (const chunk of source) chunks.push(chunk as Buffer);
  const tar = Buffer.concat(chunks);
  assert.equal(tar.length % 512, 0);
  const text = (from: number, length: number): string => tar.toString('utf8', from, from + length).replace(/\0.*$/s, '');
  const entries: Entry[] = [];
  let paxPath: string | undefined;
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0;) {
    const size = parseInt(text(at + 124, 12), 8);
    const type = text(at + 156, 1);
    const prefix = text(at + 345, 155);
    const name = (prefix ? `${prefix}/` : '') + text(at, 100);
    const content = tar.toString('utf8', at + 512, at + 512 + size);
    if (type === 'x') paxPath = /\d+ path=(.*)\n/.exec(content)?.[1];
    else {
      entries.push({
        path: paxPath ?? name,
        type,
        mode: parseInt(text(at + 100, 8), 8),
        uid: parseInt(text(at + 108, 8), 8),
        content,
      });
      paxPath = undefined;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

describe('the build context archive', () => {
  let context: string;
  // One splits into ustar's prefix and name; the other has a segment too long for that and needs a pax record.
  const longName = `${'deep/'.repeat(40)}file.txt`;
  const paxName = `${'x'.repeat(120)}.txt`;

  before(async () => {
    context = await mkdtemp(join(tmpdir(), 'sdcspec-context-'));
    await mkdir(join(context, 'logs'));
    await mkdir(join(context, 'src', 'nested'), { recursive: true });
    await mkdir(join(context, 'deep/'.repeat(40)), { recursive: true });
    await writeFile(join(context, longName), 'long');
    await writeFile(join(context, paxName), 'pax');
    await writeFile(join(context, 'Dockerfile'), 'FROM scratch\n');
    await writeFile(join(context, 'secret.env'), 'PASSWORD=x\n');
    await writeFile(join(context, 'logs', 'drop.log'), 'x');
    await writeFile(join(context, 'logs', 'keep.log'), 'kept log');
    await writeFile(join(context, 'src', 'nested', 'a.ts'), 'code');
    await writeFile(join(context, 'src', 'nested', 'a.test.ts'), 'test');
    await symlink('src/nested/a.ts', join(context, 'link'));
    await writeFile(join(context, '.dockerignore'), '*.env\nlogs\n!logs/keep.log\n**/*.test.ts\nDockerfile\n');
  });

  after(() => rm(context, { recursive: true, force: true }));

  it('leaves out what .dockerignore says, keeps the Dockerfile, links and long paths', async () => {
    const entries = await readTar(await buildContextArchive(context, 'Dockerfile'));
    const files = entries.filter((e) => e.type !== '5').map((e) => [e.path, e.type, e.content]);
    assert.deepEqual(files, [
      ['.dockerignore', '0', '*.env\nlogs\n!logs/keep.log\n**/*.test.ts\nDockerfile\n'],
      ['Dockerfile', '0', 'FROM scratch\n'],
      [longName, '0', 'long'],
      ['link', '2', ''],
      ['logs/keep.log', '0', 'kept log'],
      ['src/nested/a.ts', '0', 'code'],
      [paxName, '0', 'pax'],
    ]);
    assert.ok(entries.some((e) => e.path === 'src/nested/' && e.type === '5'));
    assert.ok(!entries.some((e) => e.path === 'logs/'), 'an ignored folder gets no entry of its own');
  });
});

describe('the archive of files copied into a container', () => {
  it('puts each file at its path relative to /, with its mode and owner, long paths included', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(110)}`;
    const entries = await readTar(
      await tarArchive([
        { path: '/run/secrets/token', content: Buffer.from('tok'), mode: 0o400, uid: 1000, gid: 1000 },
        { path: '/etc/app.conf', content: Buffer.from('a=1\n'), mode: 0o444 },
        { path: long, content: Buffer.from('x') },
      ]),
    );
    assert.deepEqual(
      entries.map((e) => [e.path, e.type, e.mode, e.uid, e.content]),
      [
        ['run/secrets/token', '0', 0o400, 1000, 'tok'],
        ['etc/app.conf', '0', 0o444, 0, 'a=1\n'],
        [long, '0', 0o444, 0, 'x'],
      ],
    );
  });
});
