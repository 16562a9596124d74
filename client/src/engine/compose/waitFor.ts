import type Docker from 'dockerode';
import type { ComposeProject, Dependency } from '@stevedore/model';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for a dependency's containers as `depends_on` asks: `service_started` needs nothing more; `service_healthy`
 * polls every 500 ms until each is healthy (unhealthy, or no healthcheck at all, is a failure);
 * `service_completed_successfully` waits until each has exited with 0. Returns undefined when satisfied, else why not.
 */
export async function waitForDependency(
  docker: Docker,
  project: ComposeProject,
  service: string,
  dependency: Dependency,
  timeoutMs: number,
): Promise<string | undefined> {
  if (dependency.condition === 'service_started') return undefined;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const containers = await docker.listContainers({
      all: true,
      filters: {
        label: [
          `com.docker.compose.project=${project.name}`,
          `com.docker.compose.service=${service}`,
          'com.docker.compose.oneoff=False',
        ],
      },
    });
    if (containers.length === 0) return `${service} has no container`;
    const states = await Promise.all(containers.map((c) => docker.getContainer(c.Id).inspect()));
    const verdicts = states.map((s) => verdictOf(s, dependency.condition));
    const failure = verdicts.find((v) => v.failed);
    if (failure) return failure.message;
    if (verdicts.every((v) => v.ready)) return undefined;
    if (Date.now() > deadline)
      return `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${service} to be ${dependency.condition === 'service_healthy' ? 'healthy' : 'completed'}`;
    await sleep(500);
  }
}

function verdictOf(
  state: Docker.ContainerInspectInfo,
  condition: Dependency['condition'],
): { ready: boolean; failed: boolean; message: string } {
  const name = state.Name.replace(/^\//, '');
  if (condition === 'service_completed_successfully') {
    if (state.State.Running || state.State.Status === 'created') return { ready: false, failed: false, message: '' };
    const code = state.State.ExitCode;
    return code === 0
      ? { ready: true, failed: false, message: '' }
      : { ready: false, failed: true, message: `${name} exited with code ${code}` };
  }
  const health = state.State.Health;
  if (!health) return { ready: false, failed: true, message: `${name} has no healthcheck, so it cannot become healthy` };
  if (health.Status === 'healthy') return { ready: true, failed: false, message: '' };
  if (health.Status === 'unhealthy') {
    const last = health.Log.at(-1)?.Output.trim();
    return { ready: false, failed: true, message: `${name} is unhealthy${last ? `: ${last.slice(0, 200)}` : ''}` };
  }
  if (!state.State.Running)
    return {
      ready: false,
      failed: true,
      message: `${name} stopped (exit code ${state.State.ExitCode}) before it became healthy`,
    };
  return { ready: false, failed: false, message: '' };
}
