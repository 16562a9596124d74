import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectReferences, referencedKindAt, referenceField, serviceReferences } from '@stevedore/model';

describe('model: what a Compose service refers to', () => {
  it('reads every reference field, with its pointer', () => {
    const service = {
      depends_on: { db: { condition: 'service_healthy' } },
      links: ['cache:c'],
      networks: ['front'],
      extends: { service: 'base' },
      volumes_from: ['logs:ro', 'container:abc'],
      network_mode: 'service:vpn',
      volumes: ['data:/data', './src:/src', { type: 'volume', source: 'more', target: '/m' }],
      secrets: ['token', { source: 'key' }],
      configs: [{ source: 'conf' }],
    };
    assert.deepEqual(
      serviceReferences(service, '/services/web').map((r) => `${r.section}:${r.name}@${r.pointer}${r.atKey ? ' (key)' : ''}`),
      [
        'services:db@/services/web/depends_on/db (key)',
        'services:cache@/services/web/links/0',
        'networks:front@/services/web/networks/0',
        'services:base@/services/web/extends/service',
        'services:logs@/services/web/volumes_from/0',
        'services:vpn@/services/web/network_mode',
        'volumes:data@/services/web/volumes/0',
        'volumes:more@/services/web/volumes/2/source',
        'secrets:token@/services/web/secrets/0',
        'secrets:key@/services/web/secrets/1/source',
        'configs:conf@/services/web/configs/0/source',
      ],
    );
  });
  it('leaves out an extends of another file', () => {
    assert.deepEqual(serviceReferences({ extends: { service: 'base', file: 'common.yaml' } }, ''), []);
  });
  it('says which keys take bare names (completion) and which are keyed by name', () => {
    assert.equal(referenceField('depends_on')?.keyedByName, true);
    assert.equal(referenceField('volumes')?.offersNames, false);
    assert.equal(referenceField('image'), undefined);
    assert.equal(referenceField('constructor'), undefined);
  });
});

describe('model: what a Kubernetes object names', () => {
  const deployment = {
    kind: 'Deployment',
    spec: {
      template: {
        spec: {
          serviceAccountName: 'default',
          volumes: [
            { configMap: { name: 'cm' } },
            { secret: { secretName: 'maybe', optional: true } },
            { projected: { sources: [{ secret: { name: 'proj' } }] } },
          ],
          containers: [{ envFrom: [{ secretRef: { name: 'env' } }] }],
          initContainers: [{ env: [{ valueFrom: { configMapKeyRef: { name: 'init', key: 'k' } } }] }],
        },
      },
    },
  };
  it('walks a pod template, leaving out optional references and the default ServiceAccount', () => {
    assert.deepEqual(
      objectReferences(deployment, '').map((r) => `${r.kind}:${r.name}@${r.pointer}`),
      [
        'ConfigMap:cm@/spec/template/spec/volumes/0/configMap/name',
        'Secret:proj@/spec/template/spec/volumes/2/projected/sources/0/secret/name',
        'Secret:env@/spec/template/spec/containers/0/envFrom/0/secretRef/name',
        'ConfigMap:init@/spec/template/spec/initContainers/0/env/0/valueFrom/configMapKeyRef/name',
      ],
    );
  });
  it("finds a CronJob's pod spec, a Pod's, and an Ingress's Services", () => {
    const cron = { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { serviceAccountName: 'sa' } } } } } };
    assert.deepEqual(objectReferences(cron, '/x'), [
      { kind: 'ServiceAccount', name: 'sa', pointer: '/x/spec/jobTemplate/spec/template/spec/serviceAccountName' },
    ]);
    const pod = { kind: 'Pod', spec: { volumes: [{ persistentVolumeClaim: { claimName: 'data' } }] } };
    assert.deepEqual(
      objectReferences(pod, '').map((r) => r.pointer),
      ['/spec/volumes/0/persistentVolumeClaim/claimName'],
    );
    const ingress = {
      kind: 'Ingress',
      spec: {
        defaultBackend: { service: { name: 'fallback' } },
        rules: [{ http: { paths: [{ backend: { service: { name: 'web' } } }] } }],
      },
    };
    assert.deepEqual(
      objectReferences(ingress, '').map((r) => `${r.kind}:${r.name}@${r.pointer}`),
      ['Service:fallback@/spec/defaultBackend/service/name', 'Service:web@/spec/rules/0/http/paths/0/backend/service/name'],
    );
  });
  it('names the kind of the field under a cursor from the same table', () => {
    const at = (path: string): string | undefined => referencedKindAt(path.split('/'));
    assert.equal(at('spec/template/spec/volumes/configMap/name'), 'ConfigMap');
    assert.equal(at('spec/template/spec/volumes/projected/sources/secret/name'), 'Secret');
    assert.equal(at('spec/template/spec/containers/env/valueFrom/secretKeyRef/name'), 'Secret');
    assert.equal(at('spec/serviceAccountName'), 'ServiceAccount');
    assert.equal(at('spec/rules/http/paths/backend/service/name'), 'Service');
    assert.equal(at('spec/template/spec/containers/name'), undefined);
    assert.equal(at('metadata/name'), undefined);
  });
});
