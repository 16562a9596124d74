import { basename, posix } from 'node:path';
import type { Engine } from './connection';
import { engineMessage } from './engineMessage';
import { extractTar } from './untar';
import { archiveEntries } from './watch/sync';
import { tarStream } from './tar';

/**
 * Copy a file or folder into or out of a container through the engine's archive API, as `docker cp` does, without
 * the CLI: in, a streamed tar put at `/`; out, the engine's tar read into a host folder (extractTar refuses names
 * that would leave it).
 */

/** Largest archive read back from a container (it is held in memory while it is written out). */
const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;

/** `hostPath` copied into the container's folder `containerDir`; returns the number of files. */
export async function copyIntoContainer(engine: Engine, id: string, hostPath: string, containerDir: string): Promise<number> {
  if (!posix.isAbsolute(containerDir)) throw new Error(`the container folder must be absolute, not ${containerDir}`);
  const entries = archiveEntries({ hostPath, containerPath: posix.join(containerDir, basename(hostPath)) }, () => true);
  if (entries.length === 0) throw new Error(`${hostPath} cannot be read`);
  try {
    await engine.docker.getContainer(id).putArchive(tarStream(entries), { path: '/' });
  } catch (error) {
    throw new Error(`cannot copy into ${id.slice(0, 12)}: ${engineMessage(error)}`);
  }
  return entries.filter((e) => e.type !== 'directory').length;
}

/** The container's `containerPath` (a file or a folder) copied into the host folder `hostDir`; returns the paths. */
export async function copyFromContainer(engine: Engine, id: string, containerPath: string, hostDir: string): Promise<string[]> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await engine.docker.getContainer(id).getArchive({ path: containerPath });
  } catch (error) {
    throw new Error(`cannot copy ${containerPath} out of ${id.slice(0, 12)}: ${engineMessage(error)}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ARCHIVE_BYTES) throw new Error(`${containerPath} is larger than ${MAX_ARCHIVE_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk);
  }
  return extractTar(Buffer.concat(chunks), hostDir);
}
