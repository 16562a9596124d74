import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ComposeProject, SecretConfig } from '@stevedore/model';
import { NAMESPACE_LABEL, scoped } from './serviceSpec';

/**
 * Secrets and configs of a stack, named by content: `<stack>_<key>_<8 hex of sha256>`. Swarm refuses to change a
 * secret's data ("only updates to Labels are allowed"), so a changed file gets a new name and the services move to
 * it; the old version is removed once nothing uses it.
 */

export const KEY_LABEL = 'org.stevedore.stack-key';

export interface StackObject {
  readonly section: 'secrets' | 'configs';
  readonly key: string;
  /** The engine name: versioned, or the external name. */
  readonly name: string;
  readonly external: boolean;
  /** Undefined for external ones. */
  readonly data?: Buffer;
  readonly labels: Readonly<Record<string, string>>;
}

function contentOf(project: ComposeProject, definition: SecretConfig): Buffer | string {
  if (definition.file) {
    try {
      return readFileSync(definition.file);
    } catch (error) {
      return `cannot read ${definition.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
  }
  if (definition.environment !== undefined) {
    const value = project.environment[definition.environment];
    return value === undefined ? `variable ${definition.environment} is not set` : Buffer.from(value);
  }
  if (definition.content !== undefined) return Buffer.from(definition.content);
  return 'it has no file, environment or content';
}

/** The secrets and configs the stack's services use, with their data, or the problems that stop the deploy. */
export function stackObjects(project: ComposeProject, stack: string): { objects: StackObject[]; problems: string[] } {
  const objects: StackObject[] = [];
  const problems: string[] = [];
  for (const section of ['secrets', 'configs'] as const) {
    const used = new Set(Object.values(project.services).flatMap((s) => s[section].map((r) => r.source)));
    for (const key of [...used].sort()) {
      const definition = project[section][key];
      if (!definition) continue;
      if (definition.external) {
        objects.push({ section, key, name: definition.name, external: true, labels: {} });
        continue;
      }
      const data = contentOf(project, definition);
      if (typeof data === 'string') {
        problems.push(`${section.slice(0, -1)} ${key}: ${data}`);
        continue;
      }
      const digest = createHash('sha256').update(data).digest('hex').slice(0, 8);
      // `<stack>_<key>` as the loader named it (a stack loads with its name as project), or the `name:` written.
      const base = definition.name || scoped(stack, key);
      objects.push({
        section,
        key,
        name: `${base}_${digest}`,
        external: false,
        data,
        labels: { ...definition.labels, [NAMESPACE_LABEL]: stack, [KEY_LABEL]: key },
      });
    }
  }
  return { objects, problems };
}
