import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/**
 * A minimal tar writer (POSIX ustar, with a pax record for names ustar cannot hold), so no tar dependency is needed:
 * `tarArchive` for the few small files copied into a container before it starts (secrets and configs from
 * `environment:` or `content:`, as compose does), `tarStream` for build contexts, read from disk one file at a time.
 */

export interface TarEntry {
  /** Path inside the archive, without a leading slash. */
  readonly path: string;
  readonly content: Buffer;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
}

/** An entry of a streamed archive: a file read from disk (or a buffer), a folder or a symbolic link. */
export type TarStreamEntry =
  | {
      readonly type: 'file';
      readonly path: string;
      readonly mode: number;
      readonly size: number;
      readonly source: string | Buffer;
      readonly mtime?: Date;
    }
  | { readonly type: 'directory'; readonly path: string; readonly mode: number; readonly mtime?: Date }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string; readonly mtime?: Date };

const BLOCK = 512;

const octal = (value: number, width: number): string => value.toString(8).padStart(width - 1, '0') + '\0';

/** ustar splits a long path into a prefix (≤155 bytes) and a name (≤100) at a slash; undefined when it cannot. */
function splitPath(path: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) {
    const prefix = path.slice(0, at);
    const name = path.slice(at + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  return undefined;
}

interface Header {
  readonly path: string;
  readonly mode: number;
  readonly size: number;
  readonly typeflag: '0' | '2' | '5' | 'x';
  readonly mtime: number;
  readonly linkname?: string;
  readonly uid?: number;
  readonly gid?: number;
}

function headerBlock(fields: Header): Buffer {
  const block = Buffer.alloc(BLOCK);
  // A path that does not fit is preceded by a pax record (headersFor); this header then carries a truncated name.
  const split = splitPath(fields.path) ?? { prefix: '', name: fields.path.slice(0, 100) };
  block.write(split.name, 0, 100, 'utf8');
  block.write(octal(fields.mode & 0o7777, 8), 100, 8, 'ascii');
  block.write(octal(fields.uid ?? 0, 8), 108, 8, 'ascii');
  block.write(octal(fields.gid ?? 0, 8), 116, 8, 'ascii');
  block.write(octal(fields.size, 12), 124, 12, 'ascii');
  block.write(octal(fields.mtime, 12), 136, 12, 'ascii');
  block.write('        ', 148, 8, 'ascii');
  block.write(fields.typeflag, 156, 1, 'ascii');
  block.write(fields.linkname ?? '', 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write(split.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return block;
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** The header blocks of one entry: a pax record first when ustar cannot hold its path. */
function headersFor(fields: Header): Buffer[] {
  if (splitPath(fields.path)) return [headerBlock(fields)];
  // The record's length counts its own digits: settle it by iterating.
  const record = (length: number): string => `${length} path=${fields.path}\n`;
  let length = Buffer.byteLength(record(0));
  while (Buffer.byteLength(record(length)) !== length) length = Buffer.byteLength(record(length));
  const body = Buffer.from(record(length), 'utf8');
  const pax = headerBlock({ path: 'PaxHeader', mode: 0o644, size: body.length, typeflag: 'x', mtime: fields.mtime });
  return [pax, body, padding(body.length), headerBlock(fields)];
}

/** A whole archive in memory, for a few small files. */
export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const mtime = Math.floor(Date.now() / 1000);
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const path = entry.path.replace(/^\/+/, '');
    const ids = {
      ...(entry.uid !== undefined ? { uid: entry.uid } : {}),
      ...(entry.gid !== undefined ? { gid: entry.gid } : {}),
    };
    parts.push(...headersFor({ path, mode: entry.mode ?? 0o444, size: entry.content.length, typeflag: '0', mtime, ...ids }));
    parts.push(entry.content, padding(entry.content.length));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function streamHeaders(entry: TarStreamEntry): Buffer[] {
  const mtime = Math.floor((entry.mtime ?? new Date(0)).getTime() / 1000);
  if (entry.type === 'file') return headersFor({ path: entry.path, mode: entry.mode, size: entry.size, typeflag: '0', mtime });
  if (entry.type === 'directory') {
    const path = entry.path.endsWith('/') ? entry.path : `${entry.path}/`;
    return headersFor({ path, mode: entry.mode, size: 0, typeflag: '5', mtime });
  }
  return headersFor({ path: entry.path, mode: 0o777, size: 0, typeflag: '2', mtime, linkname: entry.target });
}

async function* streamChunks(entries: AsyncIterable<TarStreamEntry> | Iterable<TarStreamEntry>): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    yield* streamHeaders(entry);
    if (entry.type !== 'file') continue;
    let written = 0;
    if (Buffer.isBuffer(entry.source)) {
      written = entry.source.length;
      yield entry.source;
    } else {
      for await (const chunk of createReadStream(entry.source)) {
        written += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    // A file that changed size while it was read would shift every entry after it.
    if (written !== entry.size) throw new Error(`${entry.path} changed while it was being archived`);
    yield padding(entry.size);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** An archive streamed as it is read, for build contexts of any size. */
export function tarStream(entries: AsyncIterable<TarStreamEntry> | Iterable<TarStreamEntry>): Readable {
  return Readable.from(streamChunks(entries), { objectMode: false });
}
