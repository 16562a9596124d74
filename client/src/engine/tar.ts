/**
 * A minimal POSIX ustar writer for the few small files the deployer copies into a container before it starts
 * (secrets and configs from `environment:` or `content:`, as compose does), so no tar dependency is needed for it.
 */

export interface TarEntry {
  /** Path inside the archive, without a leading slash. */
  readonly path: string;
  readonly content: Buffer;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(entry: TarEntry, mtime: number): Buffer {
  const block = Buffer.alloc(512);
  const path = entry.path.replace(/^\/+/, '');
  const slash = path.length > 100 ? path.lastIndexOf('/', 155) : -1;
  const [prefix, name] = slash > 0 ? [path.slice(0, slash), path.slice(slash + 1)] : ['', path];
  if (name.length > 100 || prefix.length > 155) throw new Error(`path too long for a tar entry: ${path}`);
  block.write(name, 0, 'utf8');
  block.write(octal(entry.mode ?? 0o444, 8), 100, 'ascii');
  block.write(octal(entry.uid ?? 0, 8), 108, 'ascii');
  block.write(octal(entry.gid ?? 0, 8), 116, 'ascii');
  block.write(octal(entry.content.length, 12), 124, 'ascii');
  block.write(octal(mtime, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  block.write(prefix, 345, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return block;
}

export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const mtime = Math.floor(Date.now() / 1000);
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry, mtime), entry.content);
    const pad = (512 - (entry.content.length % 512)) % 512;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
