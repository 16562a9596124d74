import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { engineMessage } from '../engineMessage';
import { runExec } from '../exec';
import { tarStream, type TarStreamEntry } from '../tar';

/**
 * Copies host files into running containers through the engine's archive API (`PUT /containers/{id}/archive`, no
 * `docker cp`), and removes what was deleted on the host with one `rm -rf` exec per container (the API has no
 * delete). Files keep their mode and are owned by root, as `docker cp` leaves them (`copyUIDGID` would need a passwd
 * entry for the container's user, which minimal images lack).
 */

export interface SyncEntry {
  /** Absolute host path (a file or a folder, walked whole). */
  readonly hostPath: string;
  /** Absolute path in the container. */
  readonly containerPath: string;
}

export interface SyncBatch {
  /** Paths present on the host: copied. */
  readonly copy: readonly SyncEntry[];
  /** Container paths whose host file is gone: removed. */
  readonly remove: readonly string[];
}

/** The archive entries of a host path: a file, a link, or a folder and everything in it that `keep` accepts. */
export function archiveEntries(entry: SyncEntry, keep: (hostPath: string) => boolean): TarStreamEntry[] {
  const out: TarStreamEntry[] = [];
  const visit = (hostPath: string, archivePath: string): void => {
    let stat;
    try {
      stat = lstatSync(hostPath);
    } catch {
      return; // gone between the event and the copy: the next event removes it
    }
    if (stat.isSymbolicLink())
      out.push({ type: 'symlink', path: archivePath, target: readlinkSync(hostPath), mtime: stat.mtime });
    else if (stat.isFile())
      out.push({
        type: 'file',
        path: archivePath,
        mode: stat.mode & 0o7777,
        size: stat.size,
        source: hostPath,
        mtime: stat.mtime,
      });
    else if (stat.isDirectory()) {
      out.push({ type: 'directory', path: archivePath, mode: stat.mode & 0o7777, mtime: stat.mtime });
      for (const name of readdirSync(hostPath).sort()) {
        const child = join(hostPath, name);
        if (keep(child)) visit(child, `${archivePath}/${name}`);
      }
    }
  };
  visit(entry.hostPath, entry.containerPath.replace(/^\/+/, ''));
  return out;
}

/** Copies and removes in one container; returns the number of files written. */
export async function syncContainer(
  docker: Docker,
  containerId: string,
  batch: SyncBatch,
  keep: (hostPath: string) => boolean,
): Promise<number> {
  const container = docker.getContainer(containerId);
  const entries = batch.copy.flatMap((entry) => archiveEntries(entry, keep));
  try {
    if (batch.remove.length > 0) {
      const removed = await runExec(container, ['rm', '-rf', '--', ...batch.remove], { tty: true, user: '0' });
      if (removed.exitCode !== 0) throw new Error(`rm exited with ${removed.exitCode}: ${removed.output.trim()}`);
    }
    if (entries.length > 0) await container.putArchive(tarStream(entries), { path: '/' });
  } catch (error) {
    throw new Error(`cannot sync into container ${containerId.slice(0, 12)}: ${engineMessage(error)}`);
  }
  return entries.filter((e) => e.type !== 'directory').length;
}
