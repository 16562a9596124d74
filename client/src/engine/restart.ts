import type Docker from 'dockerode';
import type { Engine } from './connection';
import { LABELS } from './compose/labels';
import { NAMESPACE_LABEL } from './stack/serviceSpec';
import { engineMessage } from './engineMessage';

/**
 * Restart, as the docker CLI means it for each kind of thing: a container is restarted in place (same id, new
 * StartedAt); a compose service restarts every one of its containers (`docker compose restart web`); a swarm
 * service is force-updated (`docker service update --force`), so the swarm replaces its tasks under its update
 * policy. Names reach the engine as label filters and ids, never through a shell.
 */

export interface RestartResult {
  /** What was restarted, as a user reads it ("sdext-web-1", "service sdext_web (force update)"). */
  readonly restarted: readonly string[];
  readonly errors: readonly string[];
}

/** Seconds a container gets to stop before it is killed (the CLI's default). */
const STOP_TIMEOUT_S = 10;

export async function restartContainer(engine: Engine, id: string): Promise<void> {
  try {
    await engine.docker.getContainer(id).restart({ t: STOP_TIMEOUT_S });
  } catch (error) {
    throw new Error(`cannot restart container ${id.slice(0, 12)}: ${engineMessage(error)}`);
  }
}

/** Every container of a compose service, one-off containers excepted, restarted in parallel. */
export async function restartComposeService(engine: Engine, project: string, service: string): Promise<RestartResult> {
  const containers = await engine.docker.listContainers({
    all: true,
    filters: { label: [`${LABELS.project}=${project}`, `${LABELS.service}=${service}`, `${LABELS.oneoff}=False`] },
  });
  if (containers.length === 0) throw new Error(`service ${service} of project ${project} has no container on this engine`);
  const outcomes = await Promise.all(
    containers.map(async (c) => {
      const name = (c.Names[0] ?? c.Id).replace(/^\//, '');
      try {
        await engine.docker.getContainer(c.Id).restart({ t: STOP_TIMEOUT_S });
        return { name };
      } catch (error) {
        return { name, error: `cannot restart ${name}: ${engineMessage(error)}` };
      }
    }),
  );
  return {
    restarted: outcomes.filter((o) => !o.error).map((o) => o.name),
    errors: outcomes.flatMap((o) => (o.error ? [o.error] : [])),
  };
}

/**
 * A swarm service's tasks replaced: the spec is sent back unchanged with `TaskTemplate.ForceUpdate` raised by
 * one, which is what `docker service update --force` does. Retried when another update slipped in between.
 */
export async function restartStackService(engine: Engine, stack: string, service: string): Promise<RestartResult> {
  const name = `${stack}_${service}`;
  const [found] = (
    await engine.docker.listServices({ filters: { name: [name], label: [`${NAMESPACE_LABEL}=${stack}`] } })
  ).filter((s) => s.Spec?.Name === name);
  if (!found) throw new Error(`no service ${service} in stack ${stack}`);
  for (let attempt = 1; ; attempt++) {
    const current = (await engine.docker.getService(found.ID).inspect()) as Docker.Service;
    const template = current.Spec?.TaskTemplate ?? {};
    const spec = { ...current.Spec, TaskTemplate: { ...template, ForceUpdate: (template.ForceUpdate ?? 0) + 1 } };
    try {
      await engine.docker.getService(found.ID).update({ _query: { version: current.Version?.Index }, _body: spec });
      return { restarted: [`service ${name} (force update)`], errors: [] };
    } catch (error) {
      if (attempt >= 5 || !/out of sequence/i.test(engineMessage(error)))
        throw new Error(`cannot restart service ${name}: ${engineMessage(error)}`);
    }
  }
}
