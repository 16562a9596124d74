import { eventually } from './preconditions';
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Asks `url` until it answers 200 or `ms` pass; the server needs a moment after its container starts. */
export function getWhenReady(url: string, ms: number): Promise<string> {
  return eventually(
    async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.text();
    },
    { timeout: ms, interval: 100, what: `${url} answering 200` },
  );
}
