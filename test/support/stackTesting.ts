import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { removeStack, type Engine } from '../../client/src/engine';
import { eventually } from './preconditions';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject, type ComposeProject } from '../../server/src/service';

const run = promisify(execFile);

/** Writes `files` (name → text) into a new temporary folder and returns the folder. */
export async function writeProject(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sdstack-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Loads a stack file the way a deploy does: stack mode, the stack's name as the project's, no outside variables. */
export function loadStack(file: string, stack: string, environment: Readonly<Record<string, string>> = {}): ComposeProject {
  const result = loadProject(createFsHost(), { files: [file], stack: true, projectName: stack, environment });
  if (!result.ok) assert.fail(`the stack file should load: ${result.problems.map((p) => p.message).join('; ')}`);
  return result.project;
}

/** The docker CLI, for the reference behaviour; its stdout. */
export async function dockerCli(args: readonly string[]): Promise<string> {
  const { stdout } = await run('docker', [...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/**
 * Removes one stack of ours (services, secrets, configs, networks with its label) and the volumes its tasks made,
 * found by the stack's name prefix and the test label. Never touches anything else.
 */
export async function cleanupStack(engine: Engine, stack: string): Promise<void> {
  const { docker } = engine;
  await removeStack(engine, stack);
  // A volume stays in use until the tasks' containers are gone, a moment after the services.
  await eventually(
    async () => {
      const { Volumes } = await docker.listVolumes({ filters: { label: [`com.docker.stack.namespace=${stack}`] } });
      const ours = (Volumes ?? []).filter((v) => v.Name.startsWith(`${stack}_`));
      const results = await Promise.allSettled(ours.map((v) => docker.getVolume(v.Name).remove()));
      return results.every((r) => r.status === 'fulfilled');
    },
    { timeout: 30_000, interval: 300, what: `the volumes of stack ${stack} removed` },
  );
}
