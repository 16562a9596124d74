import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { tarArchive } from '../tar';

/**
 * The lock's object on the engine: a container that is created and never started, from a tiny image of our own. A
 * container is what the engine creates atomically by name (a second create of the same name fails with 409, where a
 * volume create succeeds and a network's duplicate check is advisory), and it needs no swarm. Who holds it is in its
 * labels; the lease's expiry is in a file inside it, rewritten while the lock is held (labels cannot change).
 */

export const LOCK_IMAGE = 'stevedore/lock:1';
export const LOCK_LABEL = 'org.stevedore.lock';
const LEASE_PATH = '/lease.json';

export interface LockHolder {
  /** The user, and the program (`stevedore CLI`, `VS Code`). */
  readonly owner: string;
  readonly host: string;
  readonly pid: number;
  /** What it is doing: deploy, scale, down. */
  readonly operation: string;
  /** When it took the lock, in the engine's clock (ms since the epoch). */
  readonly since: number;
  /** When the lease runs out unless renewed, in the engine's clock. */
  readonly expiresAt: number;
}

/** The lock container's name: the deployment's name first, so it sorts and is cleaned up with it. */
export const lockName = (kind: string, name: string): string => `${name}.${kind}-lock`;

/** The image the lock containers are made from: one empty file, imported once per engine (no registry, no build). */
export async function ensureLockImage(docker: Docker): Promise<void> {
  try {
    await docker.getImage(LOCK_IMAGE).inspect();
    return;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  const [repo, tag] = LOCK_IMAGE.split(':');
  const archive = await tarArchive([{ path: LEASE_PATH, content: Buffer.from('{}\n') }]);
  const stream = await docker.importImage(bufferStream(archive), { repo, tag });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
  );
}

const bufferStream = (buffer: Buffer): Readable => Readable.from([buffer]);

export async function createLease(docker: Docker, name: string, label: string, holder: LockHolder): Promise<string> {
  const container = await docker.createContainer({
    name,
    Image: LOCK_IMAGE,
    Cmd: ['/lease'],
    Labels: {
      [LOCK_LABEL]: label,
      'org.stevedore.lock.owner': holder.owner,
      'org.stevedore.lock.host': holder.host,
      'org.stevedore.lock.pid': String(holder.pid),
      'org.stevedore.lock.operation': holder.operation,
      'org.stevedore.lock.since': String(holder.since),
      'org.stevedore.lock.expires': String(holder.expiresAt),
    },
    HostConfig: { NetworkMode: 'none' },
  });
  return container.id;
}

export async function renewLease(docker: Docker, id: string, holder: LockHolder): Promise<void> {
  const archive = await tarArchive([{ path: LEASE_PATH, content: Buffer.from(`${JSON.stringify(holder)}\n`) }]);
  await docker.getContainer(id).putArchive(archive, { path: '/' });
}

/** The lock as it stands: its container and holder, or undefined when there is none. */
export async function readLease(docker: Docker, name: string): Promise<{ id: string; holder: LockHolder } | undefined> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await docker.getContainer(name).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
  const labels = info.Config.Labels ?? {};
  const fromLabels: LockHolder = {
    owner: labels['org.stevedore.lock.owner'] ?? 'unknown',
    host: labels['org.stevedore.lock.host'] ?? 'unknown',
    pid: Number(labels['org.stevedore.lock.pid'] ?? 0),
    operation: labels['org.stevedore.lock.operation'] ?? 'deploy',
    since: Number(labels['org.stevedore.lock.since'] ?? 0),
    expiresAt: Number(labels['org.stevedore.lock.expires'] ?? 0),
  };
  const renewed = await readLeaseFile(docker, info.Id);
  return { id: info.Id, holder: { ...fromLabels, expiresAt: Math.max(fromLabels.expiresAt, renewed?.expiresAt ?? 0) } };
}

async function readLeaseFile(docker: Docker, id: string): Promise<Partial<LockHolder> | undefined> {
  try {
    const stream = await docker.getContainer(id).getArchive({ path: LEASE_PATH });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    const tar = Buffer.concat(chunks);
    // One ustar entry: a 512-byte header (size in octal at 124), then the content.
    const size = parseInt(tar.subarray(124, 136).toString('latin1').replace(/\0.*$/, '').trim(), 8);
    const parsed = JSON.parse(tar.subarray(512, 512 + size).toString('utf8')) as Partial<LockHolder>;
    return typeof parsed.expiresAt === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The engine's clock minus ours, so every time in a lease is in one clock whichever machine wrote it. */
export async function engineClockOffset(docker: Docker): Promise<number> {
  const before = Date.now();
  const info = (await docker.info()) as { SystemTime?: string };
  const after = Date.now();
  const engineTime = Date.parse((info.SystemTime ?? '').replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(engineTime) ? engineTime - Math.round((before + after) / 2) : 0;
}
