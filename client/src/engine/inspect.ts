import type { Engine } from './connection';
import { engineMessage } from './engineMessage';
import { LABELS } from './compose/labels';

/**
 * A container's inspect JSON, fit to show: values of environment variables whose names say they hold a secret
 * (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*KEY*`, credentials…) are masked, in `Config.Env` and in the configuration
 * Stevedore keeps in a label (which holds the service's environment too). Names stay, so the user sees what is set.
 */

export const MASK = '********';
const SECRET_NAME = /pass(word|wd)?|secret|token|key|credential|auth|private|cert/i;

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

function maskEnvList(env: unknown): unknown {
  if (!Array.isArray(env)) return env;
  return (env as unknown[]).map((entry) => {
    if (typeof entry !== 'string') return entry;
    const at = entry.indexOf('=');
    return at > 0 && isSecretName(entry.slice(0, at)) ? `${entry.slice(0, at)}=${MASK}` : entry;
  });
}

function maskEnvMap(env: unknown): unknown {
  if (!env || typeof env !== 'object' || Array.isArray(env)) return env;
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, isSecretName(k) && v !== null ? MASK : v]));
}

/** The inspect object with secrets masked (a copy; the input is not changed). */
export function maskInspect(inspect: Record<string, unknown>): Record<string, unknown> {
  const config = { ...((inspect['Config'] as Record<string, unknown> | undefined) ?? {}) };
  config['Env'] = maskEnvList(config['Env']);
  const labels = { ...((config['Labels'] as Record<string, string> | undefined) ?? {}) };
  const kept = labels[LABELS.stevedoreConfig];
  if (kept) {
    try {
      const parsed = JSON.parse(kept) as Record<string, unknown>;
      labels[LABELS.stevedoreConfig] = JSON.stringify({ ...parsed, environment: maskEnvMap(parsed['environment']) });
    } catch {
      labels[LABELS.stevedoreConfig] = MASK;
    }
  }
  config['Labels'] = labels;
  return { ...inspect, Config: config };
}

/** `docker inspect` of one container, secrets masked, as indented JSON. */
export async function inspectContainerMasked(engine: Engine, id: string): Promise<string> {
  let inspect: Record<string, unknown>;
  try {
    inspect = (await engine.docker.getContainer(id).inspect()) as unknown as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot inspect container ${id.slice(0, 12)}: ${engineMessage(error)}`);
  }
  return `${JSON.stringify(maskInspect(inspect), null, 2)}\n`;
}
