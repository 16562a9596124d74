/**
 * The labels compose puts on what it creates (`pkg/api/labels.go` in docker/compose), so that `docker compose ps`,
 * `docker compose down`, Docker Desktop and other tools see a Stevedore deployment as a compose project; plus
 * Stevedore's own, which keeps the canonical service configuration so a plan can say which field changed.
 */
export const LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  environmentFile: 'com.docker.compose.project.environment_file',
  dependsOn: 'com.docker.compose.depends_on',
  version: 'com.docker.compose.version',
  image: 'com.docker.compose.image',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  replace: 'com.docker.compose.replace',
  /** The canonical service configuration (JSON) the container was made from. */
  stevedoreConfig: 'org.stevedore.config',
} as const;

/**
 * What goes in `com.docker.compose.version`. Compose writes its own release there; tools only display it. We write
 * the compose release whose labels and naming we follow, so the value means something to a reader, and our own
 * label says which tool made it.
 */
export const COMPOSE_VERSION = '2.39.0';
export const CREATED_BY = { 'org.stevedore.created-by': 'stevedore' } as const;
