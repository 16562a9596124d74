import type { ServiceConfig } from '@stevedore/model';

/** A loaded service with every list and map empty, as the loader gives one, and the test's own fields over it. */
export function serviceConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    name: 'web',
    image: 'stevedore/busybox:local',
    environment: {},
    labels: {},
    ports: [],
    expose: [],
    volumes: [],
    networks: { default: {} },
    depends_on: {},
    secrets: [],
    configs: [],
    replicas: 1,
    profiles: [],
    ...overrides,
  };
}
