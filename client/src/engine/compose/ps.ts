import type { Engine } from '../connection';
import { crashInfo, type CrashInfo } from './crashLoop';
import { observeProject, type ObservedContainer } from './observe';

export interface ComposeServiceStatus {
  readonly service: string;
  readonly running: number;
  readonly total: number;
  readonly containers: readonly {
    readonly name: string;
    readonly id: string;
    readonly state: string;
    readonly health: string | undefined;
    readonly status: string;
    /** `127.0.0.1:8080->80/tcp` */
    readonly ports: readonly string[];
    /** For a container stuck restarting: its last exit code, restarts and last log lines. */
    readonly crash?: CrashInfo;
  }[];
}

const portText = (c: ObservedContainer): string[] =>
  [...c.ports]
    .sort((a, b) => a.PrivatePort - b.PrivatePort)
    .map((p) =>
      p.PublicPort ? `${p.IP ? `${p.IP}:` : ''}${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`,
    );

/** `ps`: the project's services and their containers, from the engine's labels. */
export async function composePs(engine: Engine, project: string): Promise<ComposeServiceStatus[]> {
  const observed = await observeProject(engine.docker, project);
  const crashes = new Map<string, CrashInfo>();
  await Promise.all(
    observed.containers
      .filter((c) => c.state === 'restarting')
      .map(async (c) => {
        const crash = await crashInfo(engine.docker, c.id);
        if (crash) crashes.set(c.id, crash);
      }),
  );
  const byService = new Map<string, ObservedContainer[]>();
  for (const c of observed.containers) if (!c.oneoff) byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, containers]) => ({
      service,
      running: containers.filter((c) => c.state === 'running').length,
      total: containers.length,
      containers: containers.map((c) => ({
        name: c.name,
        id: c.id,
        state: c.state,
        health: c.health,
        status: c.status,
        ports: [...new Set(portText(c))],
        ...(crashes.has(c.id) ? { crash: crashes.get(c.id) } : {}),
      })),
    }));
}

/** The files a compose project was deployed from (its containers' `config_files` label), for opening its graph. */
export async function composeConfigFiles(engine: Engine, project: string): Promise<string[]> {
  const containers = await engine.docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  const label = containers.map((c) => c.Labels?.['com.docker.compose.project.config_files']).find((l) => l);
  return label ? label.split(',').filter(Boolean) : [];
}

/**
 * A service's row in the explorer: `1/1 running` only once its running containers are healthy (or have no
 * healthcheck), else `1/1 starting` or `1/2 unhealthy`; then the ports it publishes, so they show without a click.
 */
export function describeComposeService(s: ComposeServiceStatus): { description: string; healthy: boolean } {
  const running = s.containers.filter((c) => c.state === 'running');
  const word = running.some((c) => c.health === 'unhealthy')
    ? 'unhealthy'
    : running.some((c) => c.health === 'starting')
      ? 'starting'
      : 'running';
  const published = [...new Set(running.flatMap((c) => c.ports.filter((p) => p.includes('->'))))];
  return {
    description: [`${s.running}/${s.total} ${word}`, ...published].join(' · '),
    healthy: word === 'running' && s.running === s.total,
  };
}
