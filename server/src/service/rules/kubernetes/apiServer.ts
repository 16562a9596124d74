import type { Diagnostic } from '../../types';
import { cronJobDiagnostics } from './cronJob';
import type { ObjectInput } from './fieldErrors';
import { labelDiagnostics } from './labels';
import { nameDiagnostics } from './names';
import { podReferenceDiagnostics } from './podReferences';
import { practiceDiagnostics } from './practices';
import { portDiagnostics } from './ports';
import { probeDiagnostics } from './probes';
import { requiredFieldDiagnostics } from './requiredFields';
import { resourceDiagnostics } from './resources';
import { routeDiagnostics } from './route';
import { selectorDiagnostics } from './selectors';
import { workloadDiagnostics } from './workloads';

/**
 * What the API server validates beyond the OpenAPI schema (Kubernetes' `pkg/apis/<group>/validation`), one family
 * per file, each finding in the server's own path and wording. Run on built-in kinds only.
 */
export const API_SERVER_RULES: readonly (readonly [string, (input: ObjectInput) => Diagnostic[]])[] = [
  ['names', nameDiagnostics],
  ['labels', labelDiagnostics],
  ['ports', portDiagnostics],
  ['resources', resourceDiagnostics],
  ['pod references', podReferenceDiagnostics],
  ['probes', probeDiagnostics],
  ['workloads', workloadDiagnostics],
  ['required fields', requiredFieldDiagnostics],
  ['cronjob', cronJobDiagnostics],
  ['selectors', selectorDiagnostics],
  // OpenShift's route validation, for route.openshift.io Routes.
  ['openshift route', routeDiagnostics],
  // Not the API server's: best-practice findings, information unless the user raises them.
  ['practices', practiceDiagnostics],
];

/** Each family isolated from the others: one that throws is reported and skipped. */
export function apiServerDiagnostics(input: ObjectInput, onRuleError?: (rule: string, error: unknown) => void): Diagnostic[] {
  return API_SERVER_RULES.flatMap(([name, rule]) => {
    try {
      return rule(input);
    } catch (error) {
      onRuleError?.(`kubernetes ${name}`, error);
      return [];
    }
  });
}
