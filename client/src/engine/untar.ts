import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

/**
 * Reads the tar archives the engine sends (`GET /containers/{id}/archive`: ustar with pax or GNU long names) into a
 * folder: files with their mode, folders, symbolic links. A name that would land outside the folder (absolute, or
 * climbing with `..`) is refused, so a container cannot write anywhere else on the host.
 */

const BLOCK = 512;

const field = (block: Buffer, at: number, length: number): string =>
  block.toString('utf8', at, at + length).replace(/\0.*$/s, '');
const octal = (block: Buffer, at: number, length: number): number => parseInt(field(block, at, length).trim() || '0', 8);

function paxPath(body: Buffer): string | undefined {
  for (const record of body.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

/** Writes the archive's entries under `into`; returns the paths written (relative, `/`-separated). */
export function extractTar(archive: Buffer, into: string): string[] {
  const root = resolve(into);
  const written: string[] = [];
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= archive.length;) {
    const header = archive.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 48);
    const body = archive.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x' || type === 'L') {
      longName = type === 'x' ? paxPath(body) : field(body, 0, body.length);
      continue;
    }
    if (type === 'g') continue;
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    const target = resolve(root, name);
    if (target !== root && !target.startsWith(root + sep)) throw new Error(`the archive names ${name}, outside ${into}: refused`);
    if (type === '5') mkdirSync(target, { recursive: true });
    else if (type === '0' || type === '\0' || type === '7') {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, body, { mode: octal(header, 100, 8) & 0o777 });
    } else if (type === '2') {
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(field(header, 157, 100), target);
    } else continue; // hard links, devices, fifos: not copied
    written.push(name.replace(/\/$/, ''));
  }
  return written;
}
