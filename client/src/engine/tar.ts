import { createReadStream, readFileSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { pack, type Headers, type Pack } from 'tar-stream';

/**
 * Tar archives through `tar-stream` (ustar, with a pax record for a name or link ustar cannot hold): `tarArchive` for
 * the few small files copied into a container before it starts (secrets and configs from `environment:` or
 * `content:`, as compose does), `tarStream` for build contexts and syncs, read from disk one file at a time (a
 * small file whole, a large one as a stream).
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

/** Adds one entry; resolves once the pack has taken it (its body included). */
function add(archive: Pack, header: Headers, body?: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null): void => (error ? reject(error) : resolve());
    if (typeof body !== 'string') {
      archive.entry(header, body ?? '', done);
      return;
    }
    const file = createReadStream(body).on('error', reject);
    file.pipe(archive.entry(header, done));
  });
}

/** A whole archive in memory, for a few small files. */
export async function tarArchive(entries: readonly TarEntry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve, reject) => archive.on('end', resolve).on('error', reject));
  const mtime = new Date();
  for (const entry of entries) {
    const header: Headers = { name: entry.path.replace(/^\/+/, ''), mode: entry.mode ?? 0o444, mtime };
    if (entry.uid !== undefined) header.uid = entry.uid;
    if (entry.gid !== undefined) header.gid = entry.gid;
    await add(archive, header, entry.content);
  }
  archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}

function headerOf(entry: TarStreamEntry): Headers {
  const mtime = entry.mtime ?? new Date(0);
  if (entry.type === 'file') return { name: entry.path, type: 'file', mode: entry.mode, size: entry.size, mtime };
  // A folder's name ends in `/`, as in the engine's own archives.
  if (entry.type === 'directory') return { name: entry.path.replace(/\/?$/, '/'), type: 'directory', mode: entry.mode, mtime };
  return { name: entry.path, type: 'symlink', mode: 0o777, linkname: entry.target, mtime };
}

/**
 * Files up to this size are read whole, synchronously, when their turn comes: one read of at most 64 KiB holds the
 * event loop for tens of microseconds, and spares the four thread-pool round trips (open, stat, read, close) and the
 * stream that an asynchronous read costs per file. Larger files are streamed from disk, so memory stays bounded.
 */
const READ_WHOLE = 64 * 1024;

/** A file's body: its content when small (checked against the size the walk saw), else its path, to stream. */
function bodyOf(entry: TarStreamEntry): Buffer | string | undefined {
  if (entry.type !== 'file') return undefined;
  if (typeof entry.source !== 'string' || entry.size > READ_WHOLE) return entry.source;
  const content = readFileSync(entry.source);
  if (content.length !== entry.size) throw new Error('size mismatch');
  return content;
}

/** An archive streamed as it is read, for build contexts of any size. */
export function tarStream(entries: AsyncIterable<TarStreamEntry> | Iterable<TarStreamEntry>): Readable {
  const archive = pack();
  // tar-stream 2 closes its pack without an 'error' on a size mismatch (a reader would take the archive as whole):
  // the caller reads this stream instead, which fails with the reason.
  const out = new PassThrough();
  archive.pipe(out);
  out.on('close', () => archive.destroy());
  (async () => {
    for await (const entry of entries) {
      await (async () => add(archive, headerOf(entry), bodyOf(entry)))().catch((error: Error) => {
        // A file that changed size while it was read would shift every entry after it: refused (tar-stream refuses a
        // streamed one; a file read whole is checked against the size the walk saw).
        if (error.message === 'size mismatch') throw new Error(`${entry.path} changed while it was being archived`);
        throw new Error(`${entry.path}: ${error.message}`);
      });
    }
    archive.finalize();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
