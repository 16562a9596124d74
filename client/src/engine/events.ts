import type { Readable } from 'node:stream';
import type Docker from 'dockerode';

/**
 * Follows the engine's event stream (filtered as `docker events --filter`): `onEvent` for each event, `onEnd` once
 * when the stream ends or fails (the engine restarted, the connection dropped). The caller keeps the stream to
 * destroy it when it stops watching.
 */
export async function followEngineEvents(
  docker: Docker,
  filters: Record<string, string[]>,
  onEvent: () => void,
  onEnd: (stream: Readable) => void,
): Promise<Readable> {
  const stream = (await docker.getEvents({ filters })) as unknown as Readable;
  stream.on('data', onEvent);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    onEnd(stream);
  };
  stream.on('end', end);
  stream.on('error', end);
  return stream;
}
