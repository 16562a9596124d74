import { asArray, asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import { dns1123Label, dns1123Subdomain } from './nameFormats';
import { invalidMessage, notSupportedMessage, reporter, type FieldPath, type ObjectInput, type Reporter } from './fieldErrors';

/**
 * What OpenShift's route validation checks beyond the schema (openshift/library-go `pkg/route/validation`), written
 * from its documented rules: the host's syntax, the TLS termination and insecure-edge policy, a Service as every
 * backend, and backend weights from 0 to 256. Findings use the API server's `field.Error` forms.
 */
export const TERMINATIONS = ['edge', 'passthrough', 'reencrypt'] as const;
export const INSECURE_POLICIES = ['None', 'Allow', 'Redirect'] as const;
export const WILDCARD_POLICIES = ['None', 'Subdomain'] as const;
export const WEIGHT_ERROR = 'weight must be an integer between 0 and 256';
export const TARGET_KIND_ERROR = 'must reference a Service';

/**
 * The host's errors: a DNS-1123 subdomain of labels of at most 63 characters. A `*` is allowed only as the whole first
 * label, and only when the route asks for a wildcard (`wildcardPolicy: Subdomain`).
 */
export function routeHostErrors(host: string, wildcard: boolean): string[] {
  const labels = host.split('.');
  if (labels[0] === '*') {
    if (!wildcard) return ['a wildcard host (*.) needs wildcardPolicy: Subdomain'];
    if (labels.length < 2) return ['a wildcard host needs a domain after *.'];
    return routeHostErrors(labels.slice(1).join('.'), false);
  }
  const errors = dns1123Subdomain(host);
  for (const label of labels) if (label.length > 63) errors.push(...dns1123Label(label).filter((e) => e.includes('63')));
  return errors;
}

function checkHost(r: Reporter, spec: Record<string, unknown>): void {
  const policy = spec['wildcardPolicy'];
  if (typeof policy === 'string' && policy !== '' && !(WILDCARD_POLICIES as readonly string[]).includes(policy))
    r.report(
      ['spec', 'wildcardPolicy'],
      CODE.openshiftRouteHost,
      notSupportedMessage(['spec', 'wildcardPolicy'], policy, WILDCARD_POLICIES),
    );
  const host = spec['host'];
  if (typeof host !== 'string' || host === '') return;
  const errors = routeHostErrors(host, policy === 'Subdomain');
  if (errors.length > 0)
    r.report(
      ['spec', 'host'],
      CODE.openshiftRouteHost,
      invalidMessage(['spec', 'host'], host, `host must conform to DNS 1123 naming conventions: ${errors.join(', ')}`),
    );
}

function checkTls(r: Reporter, tls: Record<string, unknown>): void {
  const path: FieldPath = ['spec', 'tls'];
  const termination = tls['termination'];
  if (typeof termination === 'string' && !(TERMINATIONS as readonly string[]).includes(termination))
    r.report(
      [...path, 'termination'],
      CODE.openshiftRouteTls,
      notSupportedMessage([...path, 'termination'], termination, TERMINATIONS),
    );
  const policy = tls['insecureEdgeTerminationPolicy'];
  if (typeof policy !== 'string' || policy === '') return;
  const policyPath = [...path, 'insecureEdgeTerminationPolicy'];
  if (!(INSECURE_POLICIES as readonly string[]).includes(policy))
    r.report(policyPath, CODE.openshiftRouteTls, notSupportedMessage(policyPath, policy, INSECURE_POLICIES));
  else if (policy === 'Allow' && termination === 'passthrough')
    r.report(
      policyPath,
      CODE.openshiftRouteTls,
      invalidMessage(policyPath, policy, 'Allow is not supported with passthrough termination: use None or Redirect'),
    );
}

function checkBackend(r: Reporter, backend: Record<string, unknown>, path: FieldPath): void {
  const kind = backend['kind'];
  if (typeof kind === 'string' && kind !== '' && kind !== 'Service')
    r.report([...path, 'kind'], CODE.openshiftRouteTargetKind, invalidMessage([...path, 'kind'], kind, TARGET_KIND_ERROR));
  const weight = backend['weight'];
  if (typeof weight === 'number' && (weight < 0 || weight > 256 || !Number.isInteger(weight)))
    r.report([...path, 'weight'], CODE.openshiftRouteWeight, invalidMessage([...path, 'weight'], weight, WEIGHT_ERROR));
}

/** A Route's checks (route.openshift.io); nothing for other kinds. */
export function routeDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  const { object } = input;
  if (object['kind'] !== 'Route' || !String(object['apiVersion']).startsWith('route.openshift.io/')) return r.out;
  const spec = asObject(object['spec']);
  checkHost(r, spec);
  if (spec['tls'] && typeof spec['tls'] === 'object') checkTls(r, asObject(spec['tls']));
  if (spec['to'] && typeof spec['to'] === 'object') checkBackend(r, asObject(spec['to']), ['spec', 'to']);
  for (const [i, backend] of asArray(spec['alternateBackends']).entries())
    if (backend && typeof backend === 'object') checkBackend(r, asObject(backend), ['spec', 'alternateBackends', i]);
  return r.out;
}
