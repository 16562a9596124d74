import { copyFile, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';

/**
 * The image every engine test (and examples/hello) builds on: FROM scratch, a static busybox and its applet links.
 * No registry is needed: it is built by the engine from the host's static busybox (Debian: busybox-static).
 */
export const BUSYBOX_IMAGE = 'stevedore/busybox:local';

const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN ["/bin/busybox", "mkdir", "-p", "/tmp", "/www", "/root"]
CMD ["/bin/sh"]
`;

/** A binary with an ELF interpreter (ld-linux, ld-musl) is dynamic and would not run in a scratch image. */
async function isStaticExecutable(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8192), 0, 8192, 0);
    const head = buffer.subarray(0, bytesRead);
    return head.subarray(0, 4).toString('latin1') === '\x7fELF' && !/\/ld-(linux|musl)/.test(head.toString('latin1'));
  } finally {
    await handle.close();
  }
}

async function findStaticBusybox(): Promise<string> {
  const candidates = [process.env['STEVEDORE_BUSYBOX'], '/bin/busybox', '/usr/bin/busybox'].filter((p): p is string => !!p);
  for (const path of candidates) {
    try {
      if (await isStaticExecutable(path)) return path;
    } catch {
      // not there: try the next one
    }
  }
  throw new Error(
    `no static busybox found (tried ${candidates.join(', ')}); install busybox-static (Debian/Ubuntu) or point STEVEDORE_BUSYBOX at one`,
  );
}

/** Follows a build or pull stream to its end, failing on the first error event (dockerode reports those as success). */
export function followStream(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : failure ? reject(new Error(failure)) : resolve()),
      (event: { error?: string; errorDetail?: { message?: string } }) => {
        failure ??= event.errorDetail?.message ?? event.error;
      },
    );
  });
}

/** Builds the image unless the engine already has it. */
export async function ensureBusyboxImage(docker: Docker): Promise<string> {
  try {
    await docker.getImage(BUSYBOX_IMAGE).inspect();
    return BUSYBOX_IMAGE;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  const context = await mkdtemp(join(tmpdir(), 'stevedore-busybox-'));
  try {
    await copyFile(await findStaticBusybox(), join(context, 'busybox'));
    await writeFile(join(context, 'Dockerfile'), DOCKERFILE);
    const stream = await docker.buildImage({ context, src: ['Dockerfile', 'busybox'] }, { t: BUSYBOX_IMAGE, rm: true });
    await followStream(docker, stream);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return BUSYBOX_IMAGE;
}
