import { describe } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import {
  duplicateMessage,
  invalidMessage,
  NEGATIVE_ERROR,
  notFoundMessage,
  notSupportedMessage,
  requiredMessage,
} from '../../server/src/service/rules/kubernetes/fieldErrors';
import { dns1123Subdomain, labelValue } from '../../server/src/service/rules/kubernetes/nameFormats';
import { requestAboveLimitMessage } from '../../server/src/service/rules/kubernetes/resources';
import { scheduleError } from '../../server/src/service/rules/kubernetes/cronJob';
import { ruleCases, type RuleCase } from '../support/ruleCases';

const schemas = createKubernetesSchemaSource();
const k8s = (c: RuleCase): RuleCase => ({ path: '/w/k8s/app.yaml', ...c, context: { kubernetes: { schemas } } });
// Hints about objects that live in the cluster are not what these cases are about.
const HINTS = ['k8s/undefined-reference', 'k8s/service-selects-nothing'];

/** A Deployment whose `name`, container lines and pod-spec lines a case sets. */
const deployment = (o: { name?: string; container?: string; pod?: string; spec?: string; labels?: string }): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${o.name ?? 'web'}`,
    ...(o.labels ? [`  labels: ${o.labels}`] : []),
    'spec:',
    ...(o.spec ? [o.spec] : []),
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    ...(o.pod ? [o.pod] : []),
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    ...(o.container ? [o.container] : []),
  ].join('\n') + '\n';

const containers = ['spec', 'template', 'spec', 'containers', 0];

// The ten files of issue 14's opening list: each passed `stevedore check`, and `kubectl apply` refuses each.
describe('the API server refuses what the schema allows: the ten examples', () => {
  ruleCases(
    (
      [
        {
          name: 'a Deployment named Web_App',
          text: deployment({ name: '$0Web_App' }),
          codes: ['k8s/invalid-name'],
          message: invalidMessage(['metadata', 'name'], 'Web_App', dns1123Subdomain('Web_App')[0] ?? ''),
        },
        {
          name: 'a containerPort of 70000',
          text: deployment({ container: '          ports: [{containerPort: $070000}]' }),
          codes: ['k8s/invalid-port'],
          message:
            'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        },
        {
          name: 'a label value with a space',
          text: deployment({ labels: '{tier: $0front end}' }),
          codes: ['k8s/invalid-label'],
          message: invalidMessage(['metadata', 'labels'], 'front end', labelValue('front end')[0] ?? ''),
        },
        {
          name: 'CPU requests above the limit',
          text: deployment({
            container: '          resources:\n            limits: {cpu: 500m}\n            requests: {cpu: $02}',
          }),
          codes: ['k8s/invalid-resources'],
          message: requestAboveLimitMessage([...containers, 'resources', 'requests'], 'cpu', 2, '500m'),
        },
        {
          name: 'two containers with one name',
          text: deployment({ container: '        - name: $0web\n          image: busybox:1.36' }),
          codes: ['k8s/duplicate-name'],
          message: duplicateMessage(['spec', 'template', 'spec', 'containers', 1, 'name'], 'web'),
        },
        {
          name: 'a volumeMount that names no volume',
          text: deployment({ container: '          volumeMounts: [{name: $0data, mountPath: /data}]' }),
          codes: ['k8s/undefined-volume'],
          message: notFoundMessage([...containers, 'volumeMounts', 0, 'name'], 'data'),
        },
        {
          name: 'restartPolicy: Never in a Deployment',
          text: deployment({ pod: '      restartPolicy: $0Never' }),
          codes: ['k8s/restart-policy'],
          message: notSupportedMessage(['spec', 'template', 'spec', 'restartPolicy'], 'Never', ['Always']),
        },
        {
          name: 'a CronJob scheduled "every night"',
          text: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: $0every night\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: job, image: "busybox:1.36"}]\n',
          codes: ['k8s/invalid-schedule'],
          message: invalidMessage(['spec', 'schedule'], 'every night', scheduleError('every night') ?? ''),
        },
        {
          name: 'replicas: -1',
          text: deployment({ spec: '  replicas: $0-1' }),
          codes: ['k8s/negative-count'],
          message: invalidMessage(['spec', 'replicas'], -1, NEGATIVE_ERROR),
        },
        {
          name: 'a ClusterIP Service with no ports',
          text: 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n$0spec:\n  selector: {app: web}\n',
          codes: ['k8s/required-field'],
          message: requiredMessage(['spec', 'ports']),
        },
        {
          name: 'the same files, mended, are clean',
          text: `${deployment({ labels: '{tier: front-end}', spec: '  replicas: 2', container: '          ports: [{containerPort: 8080}]\n          resources:\n            limits: {cpu: 500m}\n            requests: {cpu: 250m}' })}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n`,
          codes: [],
        },
      ] as RuleCase[]
    ).map(k8s),
    HINTS,
  );
});
