import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths';

/**
 * The multi-node lab (test/setup/swarm-lab.sh, root) as the node tests use it: up (after removing a leftover of a
 * crashed run), the socket of each node, down. The script is spawned with its arguments as data, never through a shell.
 */

const run = promisify(execFile);

export async function swarmLabScript(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [join(repoRoot, 'test', 'setup', 'swarm-lab.sh'), ...args], { timeout: 180_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`swarm-lab.sh ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

export interface NodesLab {
  readonly name: string;
  /** `/run/stevedore-lab/<name>/nodeN.sock`; node 1 is the manager. */
  socket(node: number): string;
  down(): Promise<void>;
}

export async function nodesLabUp(name: string): Promise<NodesLab> {
  await swarmLabScript('down', name);
  const managerSocket = (await swarmLabScript('up', '--name', name)).trim().split('\n').pop() ?? '';
  return {
    name,
    socket: (n) => managerSocket.replace(/node1\.sock$/, `node${n}.sock`),
    down: async () => void (await swarmLabScript('down', name)),
  };
}

/** Re-reads `probe` until it returns a value (not undefined) or the deadline passes; fails with the last state seen. */
export async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
