import type { ComposeProject } from '@stevedore/model';
import type { DeployUi } from './types';

/**
 * Secrets stay secret: every string the deploy use case hands a front (plan, progress, outcome, error) passes through
 * one redactor that replaces the project's secret values with `***`. The planner already names only the fields that
 * changed, never their values; this catches what it cannot control, such as an engine error that quotes a command
 * line built from a secret.
 */

/** A variable whose name says it holds a secret: PASSWORD, SECRET, TOKEN, a KEY, credentials, a private thing. */
export const isSecretName = (name: string): boolean =>
  /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE|(^|_)API_?KEY|(^|_)KEY$|AUTH)/i.test(name);

/** Shorter values are left alone: hiding `1` or `yes` everywhere would hide more than it protects. */
const MIN_LENGTH = 4;

/** The values to hide: secret-like variables (of the services and of the environment the project was loaded with), and secrets' contents. */
export function secretValues(project: ComposeProject): string[] {
  const values = new Set<string>();
  const add = (value: string | null | undefined): void => {
    if (value && value.length >= MIN_LENGTH) values.add(value);
  };
  for (const [name, value] of Object.entries(project.environment)) if (isSecretName(name)) add(value);
  for (const service of Object.values(project.services))
    for (const [name, value] of Object.entries(service.environment))
      if (isSecretName(name)) add(value ?? project.environment[name]);
  for (const secret of Object.values(project.secrets)) {
    add(secret.content);
    if (secret.environment) add(project.environment[secret.environment]);
  }
  // Longest first, so a value that contains another is hidden whole.
  return [...values].sort((a, b) => b.length - a.length);
}

export interface Redactor {
  text(value: string): string;
  /** A copy of plain data (objects, arrays, strings) with every string redacted. */
  deep<T>(value: T): T;
}

export function redactor(values: readonly string[]): Redactor {
  const text = (value: string): string => values.reduce((s, secret) => s.split(secret).join('***'), value);
  const deep = <T>(value: T): T => {
    if (typeof value === 'string') return text(value) as T;
    if (Array.isArray(value)) return value.map(deep) as T;
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)])) as T;
    return value;
  };
  return { text, deep };
}

/** The caller's DeployUi seeing only redacted plans and progress. */
export function redactingUi(ui: DeployUi, hide: Redactor): DeployUi {
  return {
    ...ui,
    showPlan: (preview) => ui.showPlan(hide.deep(preview)),
    confirmPlan: (preview) => ui.confirmPlan(hide.deep(preview)),
    ...(ui.confirmDataLoss
      ? { confirmDataLoss: (preview) => ui.confirmDataLoss?.(hide.deep(preview)) ?? Promise.resolve(false) }
      : {}),
    progress: (preview, work) => ui.progress(hide.deep(preview), (report) => work((event) => report(hide.deep(event)))),
  };
}
