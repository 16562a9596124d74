import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type Headers } from 'tar-stream';

/**
 * Reads the tar archives the engine sends (`GET /containers/{id}/archive`: ustar with pax or GNU long names, parsed by
 * `tar-stream`) into a folder: files with their mode, folders, symbolic links. A name that would land outside the
 * folder (absolute, or climbing with `..`) is refused, so a container cannot write anywhere else on the host.
 */

async function bodyOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes one entry under `root`; false for kinds not copied (hard links, devices, fifos). */
async function write(root: string, into: string, header: Headers, body: Buffer): Promise<boolean> {
  const target = resolve(root, header.name);
  if (target !== root && !target.startsWith(root + sep))
    throw new Error(`the archive names ${header.name}, outside ${into}: refused`);
  if (header.type === 'directory') await mkdir(target, { recursive: true });
  else if (header.type === 'file' || header.type === 'contiguous-file') {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, body, { mode: (header.mode ?? 0o644) & 0o777 });
  } else if (header.type === 'symlink') {
    await mkdir(dirname(target), { recursive: true });
    await symlink(header.linkname ?? '', target);
  } else return false;
  return true;
}

/** Writes the archive's entries under `into`; returns the paths written (relative, `/`-separated). */
export async function extractTar(archive: Buffer, into: string): Promise<string[]> {
  const root = resolve(into);
  const written: string[] = [];
  const reader = extract();
  reader.on('entry', (header: Headers, stream: Readable, next: (error?: unknown) => void) => {
    bodyOf(stream)
      .then((body) => write(root, into, header, body))
      .then((copied) => {
        if (copied) written.push(header.name.replace(/\/$/, ''));
        next();
      })
      .catch(next);
  });
  await pipeline(Readable.from([archive]), reader);
  return written;
}
