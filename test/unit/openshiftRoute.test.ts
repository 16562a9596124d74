import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { invalidMessage, notSupportedMessage } from '../../server/src/service/rules/kubernetes/fieldErrors';
import { dns1123Subdomain } from '../../server/src/service/rules/kubernetes/nameFormats';
import {
  INSECURE_POLICIES,
  routeHostErrors,
  TARGET_KIND_ERROR,
  TERMINATIONS,
  WEIGHT_ERROR,
} from '../../server/src/service/rules/kubernetes/route';
import { ruleCases, type RuleCase } from '../support/ruleCases';

const schemas = createKubernetesSchemaSource();
const openshift = (c: RuleCase): RuleCase => ({ path: '/w/k8s/route.yaml', ...c, context: { kubernetes: { schemas } } });
const HINTS = ['k8s/undefined-reference', 'k8s/service-selects-nothing'];

/** A Route whose spec lines a case sets (two-space indented under `spec:`). */
const route = (spec: string): string =>
  `apiVersion: route.openshift.io/v1\nkind: Route\nmetadata:\n  name: web\nspec:\n${spec.replace(/\n*$/, '\n')}`;
const to = '  to:\n    kind: Service\n    name: web\n';

describe('OpenShift Route checks: valid routes', () => {
  ruleCases(
    (
      [
        { name: 'a plain Route', text: route(`  host: www.example.com\n${to}`), codes: [] },
        { name: 'a Route without a host (the router picks one)', text: route(to), codes: [] },
        { name: "a backend's kind left to its default", text: route('  to:\n    name: web\n'), codes: [] },
        {
          name: 'a wildcard host with wildcardPolicy: Subdomain',
          text: route(`  host: "*.apps.example.com"\n  wildcardPolicy: Subdomain\n${to}`),
          codes: [],
        },
        ...TERMINATIONS.map((termination) => ({
          name: `termination: ${termination}`,
          text: route(`${to}  tls:\n    termination: ${termination}\n    insecureEdgeTerminationPolicy: Redirect\n`),
          codes: [],
        })),
        {
          name: 'weights 0 and 256 at the ends of the range, with alternate backends',
          text: route(
            '  to: {kind: Service, name: web, weight: 0}\n  alternateBackends:\n    - {kind: Service, name: canary, weight: 256}\n',
          ),
          codes: [],
        },
      ] as RuleCase[]
    ).map(openshift),
    HINTS,
  );
});

describe('OpenShift Route checks: what the API server refuses', () => {
  ruleCases(
    (
      [
        {
          name: 'a host with an underscore',
          text: route(`  host: $0web_app.example.com\n${to}`),
          codes: ['openshift/route-host'],
          message: invalidMessage(
            ['spec', 'host'],
            'web_app.example.com',
            `host must conform to DNS 1123 naming conventions: ${dns1123Subdomain('web_app.example.com').join(', ')}`,
          ),
        },
        {
          name: 'a host in capitals',
          text: route(`  host: $0WWW.Example.com\n${to}`),
          codes: ['openshift/route-host'],
        },
        {
          name: 'a label longer than 63 characters',
          text: route(`  host: $0${'a'.repeat(64)}.example.com\n${to}`),
          codes: ['openshift/route-host'],
          message: /must be no more than 63 characters/,
        },
        {
          name: 'a wildcard host without wildcardPolicy: Subdomain',
          text: route(`  host: $0"*.apps.example.com"\n${to}`),
          codes: ['openshift/route-host'],
          message: /needs wildcardPolicy: Subdomain/,
        },
        {
          name: 'a wildcard that is not the first label',
          text: route(`  host: $0"www.*.example.com"\n  wildcardPolicy: Subdomain\n${to}`),
          codes: ['openshift/route-host'],
        },
        {
          name: 'a wildcardPolicy that does not exist',
          text: route(`  wildcardPolicy: $0Everything\n${to}`),
          codes: ['openshift/route-host'],
          message: notSupportedMessage(['spec', 'wildcardPolicy'], 'Everything', ['None', 'Subdomain']),
        },
        {
          name: 'a termination that does not exist',
          text: route(`${to}  tls:\n    termination: $0Edge\n`),
          codes: ['openshift/route-tls'],
          message: notSupportedMessage(['spec', 'tls', 'termination'], 'Edge', TERMINATIONS),
        },
        {
          name: 'an insecureEdgeTerminationPolicy that does not exist',
          text: route(`${to}  tls:\n    termination: edge\n    insecureEdgeTerminationPolicy: $0Disable\n`),
          codes: ['openshift/route-tls'],
          message: notSupportedMessage(['spec', 'tls', 'insecureEdgeTerminationPolicy'], 'Disable', INSECURE_POLICIES),
        },
        {
          name: 'Allow with passthrough termination',
          text: route(`${to}  tls:\n    termination: passthrough\n    insecureEdgeTerminationPolicy: $0Allow\n`),
          codes: ['openshift/route-tls'],
        },
        {
          name: 'a backend that is not a Service',
          text: route('  to:\n    kind: $0Deployment\n    name: web\n'),
          codes: ['openshift/route-target-kind'],
          message: invalidMessage(['spec', 'to', 'kind'], 'Deployment', TARGET_KIND_ERROR),
        },
        {
          name: 'an alternate backend that is not a Service',
          text: route(`${to}  alternateBackends:\n    - {kind: $0Pod, name: canary}\n`),
          codes: ['openshift/route-target-kind'],
        },
        {
          name: 'a weight above 256',
          text: route('  to: {kind: Service, name: web, weight: $0300}\n'),
          codes: ['openshift/route-weight'],
          message: invalidMessage(['spec', 'to', 'weight'], 300, WEIGHT_ERROR),
        },
        {
          name: 'a negative alternate weight',
          text: route(`${to}  alternateBackends:\n    - {kind: Service, name: canary, weight: $0-1}\n`),
          codes: ['openshift/route-weight'],
          message: invalidMessage(['spec', 'alternateBackends', 0, 'weight'], -1, WEIGHT_ERROR),
        },
        {
          name: 'the same checks do not touch a kind named Route of another group',
          text: 'apiVersion: example.com/v1\nkind: Route\nmetadata: {name: web}\nspec:\n  to: {kind: Deployment, weight: 300}\n',
          codes: ['k8s/no-schema'],
        },
      ] as RuleCase[]
    ).map(openshift),
    HINTS,
  );
});

describe('routeHostErrors', () => {
  it('takes subdomains, and a leading wildcard only when asked to', () => {
    assert.deepEqual(routeHostErrors('www.example.com', false), []);
    assert.deepEqual(routeHostErrors('*.example.com', true), []);
    assert.notDeepEqual(routeHostErrors('*.example.com', false), []);
    assert.notDeepEqual(routeHostErrors('*', true), []);
    assert.notDeepEqual(routeHostErrors('*.*.example.com', true), []);
    assert.notDeepEqual(routeHostErrors('-web.example.com', false), []);
  });
});
