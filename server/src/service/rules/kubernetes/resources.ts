import { asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import {
  containersAt,
  invalidMessage,
  NEGATIVE_ERROR,
  podSpecOf,
  reporter,
  requiredMessage,
  type FieldPath,
  type ObjectInput,
  type Reporter,
} from './fieldErrors';
import { isBuiltIn } from './names';
import { parseQuantity } from './quantity';

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** A name with a domain outside kubernetes.io: a device plugin's resource, counted in whole units. */
const isExtended = (name: string): boolean =>
  name.includes('/') && !name.startsWith('requests.') && !/^(?:[^/]*\.)?kubernetes\.io\//.test(name);
const overcommitAllowed = (name: string): boolean => !isExtended(name) && !isHugePages(name);
const shownQuantity = (q: unknown): string => String(q);

function checkQuantity(r: Reporter, path: FieldPath, name: string, raw: unknown): number | undefined {
  const at = [...path, { key: name }];
  if (!name.includes('/') && !STANDARD.has(name) && !isHugePages(name))
    r.report(at, CODE.k8sInvalidResources, invalidMessage(at, name, 'must be a standard resource for containers'), {
      onKey: true,
    });
  const value = parseQuantity(raw);
  if (value === undefined) return undefined;
  if (value < 0) r.report(at, CODE.k8sInvalidResources, invalidMessage(at, shownQuantity(raw), NEGATIVE_ERROR));
  else if (isExtended(name) && !Number.isInteger(value))
    r.report(at, CODE.k8sInvalidResources, invalidMessage(at, shownQuantity(raw), 'must be an integer'));
  return value;
}

function checkRequirements(r: Reporter, resources: Record<string, unknown>, path: FieldPath, partial: boolean): void {
  const limits = asObject(resources['limits']);
  const requests = asObject(resources['requests']);
  const limitValues = new Map<string, number>();
  for (const [name, raw] of Object.entries(limits)) {
    const v = checkQuantity(r, [...path, 'limits'], name, raw);
    if (v !== undefined) limitValues.set(name, v);
  }
  for (const [name, raw] of Object.entries(requests)) {
    const request = checkQuantity(r, [...path, 'requests'], name, raw);
    const limit = limitValues.get(name);
    const reqPath = [...path, 'requests'];
    if (request === undefined) continue;
    if (limit === undefined) {
      if (!overcommitAllowed(name) && !(name in limits) && !partial)
        r.report(
          [...reqPath, { key: name }],
          CODE.k8sInvalidResources,
          requiredMessage([...path, 'limits'], 'Limit must be set for non overcommitable resources'),
          { onKey: true },
        );
      continue;
    }
    const at = [...reqPath, { key: name }];
    if (!overcommitAllowed(name) && request !== limit)
      r.report(
        at,
        CODE.k8sInvalidResources,
        invalidMessage(reqPath, shownQuantity(raw), `must be equal to ${name} limit of ${shownQuantity(limits[name])}`),
      );
    else if (request > limit) r.report(at, CODE.k8sInvalidResources, requestAboveLimitMessage(reqPath, name, raw, limits[name]));
  }
}

export const requestAboveLimitMessage = (reqPath: FieldPath, name: string, request: unknown, limit: unknown): string =>
  invalidMessage(reqPath, shownQuantity(request), `must be less than or equal to ${name} limit of ${shownQuantity(limit)}`);

/**
 * Container resources: names are the standard ones (cpu, memory, ephemeral-storage, hugepages-*) or a domain's,
 * quantities are not negative, extended resources are whole numbers with a limit equal to the request, and no
 * request exceeds its limit.
 */
export function resourceDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (!isBuiltIn(input.object)) return r.out;
  const pod = podSpecOf(input.object);
  if (!pod) return r.out;
  for (const c of containersAt(pod)) {
    const resources = asObject(c.container['resources']);
    if (Object.keys(resources).length > 0) checkRequirements(r, resources, [...c.path, 'resources'], input.partial);
  }
  return r.out;
}
