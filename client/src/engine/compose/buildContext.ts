import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { hasExceptions, isIgnored, parseDockerignore } from '../dockerignore';
import { tarStream, type TarStreamEntry } from '../tar';

type Rules = ReturnType<typeof parseDockerignore>;

async function readRules(context: string): Promise<Rules> {
  try {
    return parseDockerignore(await readFile(join(context, '.dockerignore'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return parseDockerignore('');
    throw error;
  }
}

/**
 * Walks the folder in a stable order, yielding what `.dockerignore` keeps. An ignored folder is entered only when a
 * `!` rule might bring something in it back (so an ignored node_modules is never read). The Dockerfile and
 * `.dockerignore` always go, as the docker CLI sends them: the builder needs the first, and leaves both out of
 * `COPY` itself when they are ignored.
 */
async function* walk(context: string, relative: string, rules: Rules, keep: ReadonlySet<string>): AsyncGenerator<TarStreamEntry> {
  const names = (await readdir(join(context, relative))).sort();
  // The folder's entries are looked at all at once (one lstat each, in parallel), then taken in order.
  const stats = await Promise.all(names.map((name) => lstat(join(context, relative, name))));
  for (const [index, name] of names.entries()) {
    const path = relative ? `${relative}/${name}` : name;
    const full = join(context, path);
    const stat = stats[index];
    const ignored = isIgnored(rules, path) && !keep.has(path);
    if (stat.isDirectory()) {
      if (ignored && !hasExceptions(rules)) continue;
      if (!ignored) yield { type: 'directory', path, mode: stat.mode, mtime: stat.mtime };
      yield* walk(context, path, rules, keep);
    } else if (ignored) {
      continue;
    } else if (stat.isSymbolicLink()) {
      yield { type: 'symlink', path, target: await readlink(full), mtime: stat.mtime };
    } else if (stat.isFile()) {
      yield { type: 'file', path, mode: stat.mode, size: stat.size, source: full, mtime: stat.mtime };
    }
  }
}

/**
 * The build context of a local folder as a tar stream, `.dockerignore` applied. We send the tar ourselves rather than
 * let dockerode pack the folder: dockerode filters again with its own `.dockerignore` reader, which drops an
 * ignored Dockerfile and so fails the build.
 */
export async function buildContextArchive(context: string, dockerfile: string): Promise<Readable> {
  const rules = await readRules(context);
  return tarStream(walk(context, '', rules, new Set([dockerfile, '.dockerignore'])));
}
