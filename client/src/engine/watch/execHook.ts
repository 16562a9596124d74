import type Docker from 'dockerode';
import type { WatchRule } from '@stevedore/model';
import { runExec } from '../exec';

/** `sync+exec`: the rule's `exec` hook (`command`, `user`, `working_dir`, `environment`) run in a replica after a sync. */
export async function execAfterSync(docker: Docker, containerId: string, rule: WatchRule): Promise<void> {
  const hook = (rule.exec ?? {}) as Record<string, unknown>;
  const command = hook['command'];
  const cmd = Array.isArray(command) ? command.map(String) : typeof command === 'string' ? ['sh', '-c', command] : undefined;
  if (!cmd) throw new Error(`the sync+exec rule for ${rule.path} has no exec.command`);
  const environment = hook['environment'];
  const env = Array.isArray(environment)
    ? environment.map(String)
    : Object.entries((environment ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
  const result = await runExec(docker.getContainer(containerId), cmd, {
    tty: true,
    env,
    ...(typeof hook['user'] === 'string' ? { user: hook['user'] } : {}),
    ...(typeof hook['working_dir'] === 'string' ? { workingDir: hook['working_dir'] } : {}),
  });
  if (result.exitCode !== 0) throw new Error(`exec ${cmd.join(' ')} exited with ${result.exitCode}: ${result.output.trim()}`);
}
