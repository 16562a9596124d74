import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { createSourceFile, validate } from '../../server/src/service';
import { scheduleError, timeZoneError } from '../../server/src/service/rules/kubernetes/cronJob';
import {
  forbiddenMessage,
  invalidMessage,
  notSupportedMessage,
  requiredMessage,
} from '../../server/src/service/rules/kubernetes/fieldErrors';
import { memoryHost } from '../support/memoryHost';
import { ruleCases, type RuleCase } from '../support/ruleCases';

const schemas = createKubernetesSchemaSource();
const k8s = (c: RuleCase): RuleCase => ({ path: '/w/k8s/app.yaml', ...c, context: { kubernetes: { schemas } } });
const HINTS = ['k8s/undefined-reference', 'k8s/service-selects-nothing'];

const pod = (lines: string, podLines = ''): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n${podLines}  containers:\n    - name: app\n      image: nginx:1.27\n${lines}\n`;
const job = (kind: 'Job' | 'CronJob', spec: string, podLines = '          restartPolicy: Never\n'): string =>
  kind === 'Job'
    ? `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n${spec}  template:\n    spec:\n${podLines.replace(/^ {4}/gm, '')}      containers: [{name: j, image: "busybox:1.36"}]\n`
    : `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n${spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n${podLines}          containers: [{name: j, image: "busybox:1.36"}]\n`;

describe('k8s/undefined-volume and k8s/invalid-env', () => {
  ruleCases(
    (
      [
        {
          name: 'mounts of the pod volumes, env as the API takes it',
          text: pod(
            '      volumeMounts: [{name: data, mountPath: /data}]\n      env:\n        - {name: MY.VAR-1, value: x}\n        - {name: "1ST", valueFrom: {fieldRef: {fieldPath: metadata.name}}}\n      envFrom: [{prefix: APP_, configMapRef: {name: c}}]',
            '  volumes: [{name: data, emptyDir: {}}]\n',
          ),
          codes: [],
        },
        {
          name: 'a StatefulSet mounts its claim templates',
          text: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: "postgres:17", volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]}]\n  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n',
          codes: [],
        },
        {
          name: 'a volumeDevice that names no volume, and one mount path twice',
          text: pod(
            '      volumeMounts:\n        - {name: data, mountPath: /data}\n        - {name: data, mountPath: $0/data}\n      volumeDevices: [{name: $0disk, devicePath: /dev/xvda}]',
            '  volumes: [{name: data, emptyDir: {}}]\n',
          ),
          codes: ['k8s/undefined-volume', 'k8s/undefined-volume'],
          message: invalidMessage(['spec', 'containers', 0, 'volumeMounts', 1, 'mountPath'], '/data', 'must be unique'),
        },
        {
          name: 'an env name with "=" and an envFrom prefix with a tab',
          text: pod('      env: [{name: $0"A=B", value: x}]\n      envFrom: [{prefix: $0"A\\tB", secretRef: {name: s}}]'),
          codes: ['k8s/invalid-env', 'k8s/invalid-env'],
          message: invalidMessage(
            ['spec', 'containers', 0, 'env', 0, 'name'],
            'A=B',
            "a valid environment variable name must consist only of printable ASCII characters other than '='",
          ),
        },
        {
          name: 'valueFrom beside a value, and an envFrom with two sources',
          text: pod(
            '      env:\n        - name: A\n          value: x\n          $0valueFrom: {fieldRef: {fieldPath: metadata.name}}\n      envFrom:\n        - $0{configMapRef: {name: c}, secretRef: {name: s}}',
          ),
          codes: ['k8s/invalid-env', 'k8s/invalid-env'],
        },
      ] as RuleCase[]
    ).map(k8s),
    HINTS,
  );
});

describe('k8s/invalid-probe', () => {
  ruleCases(
    (
      [
        {
          name: 'probes with one handler and sane thresholds',
          text: pod(
            '      livenessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 10}\n      readinessProbe: {tcpSocket: {port: 80}, successThreshold: 2}\n      startupProbe: {exec: {command: ["true"]}, failureThreshold: 30}',
          ),
          codes: [],
        },
        {
          name: 'a probe without a handler',
          text: pod('      $0livenessProbe: {periodSeconds: 10}'),
          codes: ['k8s/invalid-probe'],
          message: requiredMessage(['spec', 'containers', 0, 'livenessProbe'], 'must specify a handler type'),
        },
        {
          name: 'a probe with two handlers',
          text: pod('      readinessProbe: {httpGet: {port: 80}, $0tcpSocket: {port: 80}}'),
          codes: ['k8s/invalid-probe'],
          message: forbiddenMessage(
            ['spec', 'containers', 0, 'readinessProbe', 'tcpSocket'],
            'may not specify more than 1 handler type',
          ),
        },
        {
          name: 'a liveness probe with successThreshold 3, a negative period, a port out of range',
          text: pod('      livenessProbe: {tcpSocket: {port: $070000}, successThreshold: $03, periodSeconds: $0-1}'),
          codes: ['k8s/invalid-probe', 'k8s/invalid-probe', 'k8s/invalid-probe'],
        },
      ] as RuleCase[]
    ).map(k8s),
    HINTS,
  );
});

describe('k8s/restart-policy, k8s/negative-count and k8s/required-field', () => {
  ruleCases(
    (
      [
        { name: 'a Job that restarts on failure', text: job('Job', '  backoffLimit: 3\n'), codes: [] },
        {
          name: 'a Job left to the default restartPolicy (Always)',
          text: job('Job', '', ''),
          codes: ['k8s/restart-policy'],
          message: notSupportedMessage(['spec', 'template', 'spec', 'restartPolicy'], 'Always', ['OnFailure', 'Never']),
        },
        {
          name: 'a CronJob whose pods restart Always',
          text: job('CronJob', '  schedule: "@hourly"\n', '          restartPolicy: $0Always\n'),
          codes: ['k8s/restart-policy'],
        },
        {
          name: 'negative Job counts',
          text: job('Job', '  parallelism: $0-1\n  backoffLimit: $0-2\n'),
          codes: ['k8s/negative-count', 'k8s/negative-count'],
        },
        {
          name: 'a rolling update that can make no progress',
          text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  strategy:\n    rollingUpdate: {maxUnavailable: $00, maxSurge: 0}\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: d, image: "nginx:1.27"}]\n',
          codes: ['k8s/negative-count'],
          message: /may not be 0 when `maxSurge` is 0/,
        },
        {
          name: 'a container without an image',
          text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - $0name: app\n',
          codes: ['k8s/required-field'],
          message: requiredMessage(['spec', 'containers', 0, 'image']),
        },
        {
          name: 'headless and ExternalName Services need no ports',
          text: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {clusterIP: None, selector: {app: a}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {type: ExternalName, externalName: db.example.com}\n',
          codes: [],
        },
        {
          name: 'a PVC without a storage request',
          text: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec:\n  accessModes: [ReadWriteOnce]\n  $0resources: {}\n',
          codes: ['k8s/required-field'],
          message: requiredMessage(['spec', 'resources', { key: 'storage' }]),
        },
        {
          name: 'an Ingress path without pathType, and a Prefix path that is not absolute',
          text: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n    - http:\n        paths:\n          - $0{path: /, backend: {service: {name: web, port: {number: 80}}}}\n          - {path: $0api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n',
          // The schema of networking.k8s.io/v1 requires pathType; the absolute path is the API server's rule.
          codes: ['k8s/missing-field', 'k8s/required-field'],
        },
      ] as RuleCase[]
    ).map(k8s),
    HINTS,
  );
});

describe('k8s/invalid-schedule and k8s/invalid-time-zone', () => {
  it('reads schedules as the CronJob controller does', () => {
    for (const ok of [
      '*/5 * * * *',
      '0 0 * * 0',
      '0 9-17/2 * jan-jun mon-fri',
      '@daily',
      '@every 1h30m',
      '5 4 ? * SUN',
      '0 0 1,15 * *',
    ])
      assert.equal(scheduleError(ok), undefined, ok);
    assert.equal(scheduleError('every night'), 'expected exactly 5 fields, found 2: [every night]');
    assert.equal(scheduleError('60 * * * *'), 'end of range (60) above maximum (59): 60');
    assert.equal(scheduleError('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
    assert.equal(scheduleError('* * * * 7'), 'end of range (7) above maximum (6): 7');
    assert.equal(scheduleError('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
    assert.equal(scheduleError('*/0 * * * *'), 'step of range should be a positive number: */0');
    assert.equal(scheduleError('@nightly'), 'unrecognized descriptor: @nightly');
    assert.match(scheduleError('1-2-3 * * * *') ?? '', /too many hyphens/);
  });
  it('knows the IANA time zones, in their case', () => {
    assert.equal(timeZoneError('Europe/Paris'), undefined);
    assert.equal(timeZoneError('Etc/UTC'), undefined);
    assert.equal(timeZoneError('Mars/Olympus'), 'unknown time zone Mars/Olympus');
    assert.equal(timeZoneError('europe/paris'), 'unknown time zone europe/paris');
    assert.match(timeZoneError('Local') ?? '', /explicit time zone/);
  });
  ruleCases(
    (
      [
        {
          name: 'a schedule and a time zone',
          text: job('CronJob', '  schedule: "30 2 * * 1-5"\n  timeZone: America/New_York\n'),
          codes: [],
        },
        {
          name: 'a minute out of range',
          text: job('CronJob', '  schedule: $0"61 * * * *"\n'),
          codes: ['k8s/invalid-schedule'],
          message: invalidMessage(['spec', 'schedule'], '61 * * * *', 'end of range (61) above maximum (59): 61'),
        },
        {
          name: 'a TZ in the schedule',
          text: job('CronJob', '  schedule: $0"CRON_TZ=UTC 0 * * * *"\n'),
          codes: ['k8s/invalid-schedule'],
          message: /cannot use TZ or CRON_TZ in schedule, use timeZone field instead/,
        },
        {
          name: 'an unknown time zone',
          text: job('CronJob', '  schedule: "@daily"\n  timeZone: $0Moon/Base\n'),
          codes: ['k8s/invalid-time-zone'],
        },
      ] as RuleCase[]
    ).map(k8s),
    HINTS,
  );
});

describe('k8s/invalid-selector', () => {
  const deploy = (selector: string, pod = ''): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n${selector}\n  template:\n    metadata: {labels: {app: d, tier: web}}\n    spec:\n${pod}      containers: [{name: d, image: "nginx:1.27"}]\n`;
  ruleCases(
    (
      [
        {
          name: 'operators with the values they need',
          text: deploy(
            '    matchLabels: {app: d}\n    matchExpressions:\n      - {key: tier, operator: In, values: [web]}\n      - {key: canary, operator: DoesNotExist}',
            '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n              - matchExpressions: [{key: cores, operator: Gt, values: ["4"]}]\n',
          ),
          codes: [],
        },
        {
          name: 'an unknown operator',
          text: deploy('    matchLabels: {app: d}\n    matchExpressions: [{key: tier, operator: $0Equals, values: [web]}]'),
          codes: ['k8s/invalid-selector'],
          message: invalidMessage(
            ['spec', 'selector', 'matchExpressions', 0, 'operator'],
            'Equals',
            'not a valid selector operator',
          ),
        },
        {
          name: 'In without values, Exists with values',
          text: deploy(
            '    matchLabels: {app: d}\n    matchExpressions:\n      - {key: tier, operator: In, $0values: []}\n      - {key: canary, operator: Exists, $0values: ["yes"]}',
          ),
          codes: ['k8s/invalid-selector', 'k8s/invalid-selector'],
        },
        {
          name: 'Gt in a label selector, and Gt with two values in node affinity',
          text: deploy(
            '    matchLabels: {app: d}\n    matchExpressions: [{key: tier, operator: $0Gt, values: ["1"]}]',
            '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n              - matchExpressions: [{key: cores, operator: Gt, $0values: ["4", "8"]}]\n',
          ),
          codes: ['k8s/invalid-selector', 'k8s/invalid-selector'],
        },
      ] as RuleCase[]
    ).map(k8s),
    ['k8s/selector-mismatch', ...HINTS],
  );
});

describe('a kustomize patch is spared what it leaves out', () => {
  it('no required image, ports, volumes or restartPolicy in a patch', () => {
    const patch =
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n        - name: j\n          volumeMounts: [{name: data, mountPath: /data}]\n';
    const files = {
      '/w/k/kustomization.yaml': 'resources: [job.yaml]\npatches:\n  - path: patch.yaml\n',
      '/w/k/patch.yaml': patch,
    };
    const codes = validate(createSourceFile('file:///w/k/patch.yaml', 1, patch), {
      host: memoryHost(files),
      kubernetes: { schemas },
    }).map((d) => d.code);
    assert.deepEqual(codes, []);
  });
});
