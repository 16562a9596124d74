import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  applyStackPlan,
  connectEngine,
  planStack,
  waitForStack,
  type ConvergeResult,
  type Engine,
  type ServiceConvergence,
} from '../../client/src/engine';
import { repoRoot } from './paths';
import { loadStack, writeProject } from './stackTesting';

const run = promisify(execFile);

/** The lab script (test/setup/swarm-lab.sh), run as a user runs it; its stdout. Fails with its stderr. */
export async function swarmLab(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [join(repoRoot, 'test', 'setup', 'swarm-lab.sh'), ...args], { timeout: 120_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`swarm-lab.sh ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

export interface Lab {
  readonly name: string;
  /** The manager (node 1). */
  readonly manager: Engine;
  readonly socket: (node: number) => string;
  /** Connects to one node's own engine (the caller disposes it). */
  readonly node: (node: number) => Promise<Engine>;
  /** Disposes the manager connection and removes the lab. */
  readonly down: () => Promise<void>;
}

/** Brings up a fresh three-node lab (a leftover of a crashed run is removed first). */
export async function startLab(name: string): Promise<Lab> {
  await swarmLab('down', name);
  const socket = (await swarmLab('up', '--name', name)).trim();
  const socketOf = (n: number): string => socket.replace(/node1\.sock$/, `node${n}.sock`);
  const manager = await connectEngine({ host: `unix://${socket}`, env: {} });
  return {
    name,
    manager,
    socket: socketOf,
    node: (n) => connectEngine({ host: `unix://${socketOf(n)}`, env: {} }),
    down: async () => {
      await manager.dispose();
      await swarmLab('down', name);
    },
  };
}

/** Deploys a stack file's text to the lab through the engine (plan, apply) and waits for it, with every progress report. */
export async function deployText(
  engine: Engine,
  stack: string,
  text: string,
  timeoutMs = 90_000,
): Promise<{ converged: ConvergeResult; progress: (readonly ServiceConvergence[])[] }> {
  const dir = await writeProject({ 'stack.yml': text });
  const project = loadStack(join(dir, 'stack.yml'), stack);
  const plan = await planStack(engine, project, stack);
  assert.deepEqual(plan.blockers, []);
  const since = Date.now();
  const applied = await applyStackPlan(engine, plan);
  assert.ok(applied.ok, applied.failed?.message);
  const progress: (readonly ServiceConvergence[])[] = [];
  const converged = await waitForStack(engine, stack, { since, timeoutMs, onProgress: (s) => progress.push(s) });
  return { converged, progress };
}

/** Node IDs by hostname, as the manager sees them. */
export async function nodeIds(engine: Engine): Promise<Map<string, string>> {
  const nodes = (await engine.docker.listNodes()) as { ID: string; Description?: { Hostname?: string } }[];
  return new Map(nodes.map((n) => [n.Description?.Hostname ?? '', n.ID]));
}
