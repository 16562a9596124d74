import type Docker from 'dockerode';
import type { ComposeProject, ServiceConfig } from '@stevedore/model';
import type { ImageState } from './plan';

/** The image a service runs: `image:`, or compose's `<project>-<service>` for a build without one. */
export const imageNameOf = (project: ComposeProject, service: ServiceConfig): string =>
  service.image ?? `${project.name}-${service.name}`;

async function localImageId(docker: Docker, name: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(name).inspect()).Id;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * What each service's image needs before containers can be made, following `pull_policy` as compose does:
 * `always` pulls, `never` uses what is there, `build` builds; by default a missing image is built when the service
 * has `build:`, else pulled. `build: true` (`--build`) rebuilds every service that has `build:`.
 */
export async function resolveImageStates(
  docker: Docker,
  project: ComposeProject,
  services: readonly ServiceConfig[],
  options: { readonly build?: boolean } = {},
): Promise<Map<string, ImageState>> {
  const states = await Promise.all(
    services.map(async (service): Promise<[string, ImageState]> => {
      const name = imageNameOf(project, service);
      const id = await localImageId(docker, name);
      const policy = service.pull_policy ?? 'missing';
      if (service.build && (options.build || policy === 'build' || !id))
        return [
          service.name,
          { kind: 'build', reason: options.build ? '--build' : id ? `pull_policy: ${policy}` : 'not on the engine' },
        ];
      if (policy === 'always') return [service.name, { kind: 'pull', reason: 'pull_policy: always' }];
      if (id) return [service.name, { kind: 'present', id }];
      return [service.name, { kind: 'pull', reason: 'not on the engine' }];
    }),
  );
  return new Map(states);
}
