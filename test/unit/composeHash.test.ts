import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalServiceConfig, describeConfigChanges, serviceConfigHash } from '../../client/src/engine/compose/hash';
import type { ServiceConfig } from '@stevedore/model';
import { serviceConfig } from '../support/serviceConfig';

const service = (overrides: Partial<ServiceConfig> = {}): ServiceConfig =>
  serviceConfig({
    environment: { MODE: 'production', TOKEN: 's3cr3t-value' },
    ports: [{ target: 8080, published: '8080', protocol: 'tcp', mode: 'ingress' }],
    ...overrides,
  });

/** As the plan calls it: on the canonical configs (the old one read back from the container's label). */
const changes = (before: ServiceConfig, after: ServiceConfig): string[] =>
  describeConfigChanges(canonicalServiceConfig(before), canonicalServiceConfig(after));

describe('the canonical service config and its hash', () => {
  it('does not depend on key order, at any depth', () => {
    const a = service({ environment: { A: '1', B: '2' }, deploy: { resources: { limits: { cpus: '1', memory: '1g' } } } });
    const b = service({ environment: { B: '2', A: '1' }, deploy: { resources: { limits: { memory: '1g', cpus: '1' } } } });
    assert.equal(JSON.stringify(canonicalServiceConfig(a)), JSON.stringify(canonicalServiceConfig(b)));
    assert.equal(serviceConfigHash(a), serviceConfigHash(b));
    assert.deepEqual(Object.keys(canonicalServiceConfig(a)), [...Object.keys(canonicalServiceConfig(a))].sort());
  });

  it('is a sha256 in hex', () => {
    assert.match(serviceConfigHash(service()), /^[0-9a-f]{64}$/);
  });

  // Each of these says how many containers to run or how to get the image: changing it must not recreate.
  const notHashed: [string, Partial<ServiceConfig>][] = [
    ['replicas', { replicas: 5 }],
    ['scale', { scale: 3 }],
    ['deploy.replicas', { deploy: { replicas: 4 } }],
    ['build', { build: { context: '/src' } }],
    ['pull_policy', { pull_policy: 'always' }],
    ['depends_on', { depends_on: { db: { condition: 'service_healthy', restart: true, required: true } } }],
    ['profiles', { profiles: ['debug'] }],
  ];
  for (const [what, overrides] of notHashed) {
    it(`leaves ${what} out`, () => {
      assert.equal(serviceConfigHash(service(overrides)), serviceConfigHash(service()));
      assert.deepEqual(changes(service(), service(overrides)), []);
    });
  }

  it('keeps the rest of deploy when it drops deploy.replicas', () => {
    const canonical = canonicalServiceConfig(service({ deploy: { replicas: 2, resources: { limits: { cpus: '1' } } } }));
    assert.deepEqual(canonical['deploy'], { resources: { limits: { cpus: '1' } } });
  });

  it('changes with anything a container is made of', () => {
    const base = serviceConfigHash(service());
    for (const overrides of [
      { image: 'other' },
      { command: ['sleep', '1'] },
      { environment: { MODE: 'dev', TOKEN: 's3cr3t-value' } },
      { ports: [] },
    ] satisfies Partial<ServiceConfig>[]) {
      assert.notEqual(serviceConfigHash(service(overrides)), base, JSON.stringify(overrides));
    }
  });

  it('is idempotent, so a config read back from a label compares with a fresh one', () => {
    const canonical = canonicalServiceConfig(service({ replicas: 3 }));
    const roundTripped = JSON.parse(JSON.stringify(canonical)) as ServiceConfig;
    assert.deepEqual(canonicalServiceConfig(roundTripped), canonical);
    assert.equal(serviceConfigHash(roundTripped), serviceConfigHash(service()));
  });
});

describe('what changed between two configs', () => {
  const cases: [string, Partial<ServiceConfig>, string[]][] = [
    ['an image', { image: 'busybox:2' }, ['image']],
    ['one variable', { environment: { MODE: 'dev', TOKEN: 's3cr3t-value' } }, ['environment.MODE']],
    ['a new variable', { environment: { MODE: 'production', TOKEN: 's3cr3t-value', NEW: 'x' } }, ['environment.NEW']],
    ['a removed variable', { environment: { MODE: 'production' } }, ['environment.TOKEN']],
    ['ports, as a whole', { ports: [{ target: 80, protocol: 'tcp', mode: 'ingress' }] }, ['ports']],
    ['a command', { command: ['httpd', '-f'] }, ['command']],
    ['a nested limit', { deploy: { resources: { limits: { memory: '1g' } } } }, ['deploy']],
  ];
  for (const [what, overrides, expected] of cases) {
    it(`names ${what}`, () => assert.deepEqual(changes(service(), service(overrides)), expected));
  }

  it('enters nested maps on both sides', () => {
    const before = service({ deploy: { resources: { limits: { memory: '1g', cpus: '1' } } } });
    const after = service({ deploy: { resources: { limits: { memory: '2g', cpus: '1' } } } });
    assert.deepEqual(changes(before, after), ['deploy.resources.limits.memory']);
  });

  it('never shows an environment value, old or new', () => {
    const after = service({ environment: { MODE: 'production', TOKEN: 'n3w-s3cr3t' } });
    const text = changes(service(), after).join(' ');
    assert.equal(text, 'environment.TOKEN');
    assert.ok(!text.includes('s3cr3t'));
  });

  it('names five paths, then how many more', () => {
    const environment = Object.fromEntries(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((name) => [name, name]));
    assert.deepEqual(changes(service({ environment: {} }), service({ environment })), [
      'environment.A',
      'environment.B',
      'environment.C',
      'environment.D',
      'environment.E',
      'and 3 more',
    ]);
  });

  it('counts even a single extra one', () => {
    const environment = Object.fromEntries(['A', 'B', 'C', 'D', 'E', 'F'].map((name) => [name, name]));
    assert.deepEqual(changes(service({ environment: {} }), service({ environment })).at(-1), 'and 1 more');
  });
});
