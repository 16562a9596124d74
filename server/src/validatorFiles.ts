import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ValidatorSource } from './service';

/** schemas/validators/ beside the shipped bundle (dist/ → ..) or the compiled tree (out/server/src → ../../..). */
export function findValidatorFolder(start: string = __dirname): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', 'validators');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The validators schemas/compile.mjs generated at build time, each module loaded on first use and kept. A name
 * without a module (a tree built without them) gives undefined, and the caller compiles the schema instead.
 */
export function createValidatorSource(folder: string | undefined = findValidatorFolder()): ValidatorSource {
  const loaded = new Map<string, unknown>();
  // A runtime load of a file outside the bundle (esbuild leaves it as it is).
  const load = createRequire(__filename);
  return (name) => {
    if (!folder || !/^[\w.-]+$/.test(name)) return undefined;
    if (!loaded.has(name)) {
      const file = join(folder, `${name}.js`);
      loaded.set(name, existsSync(file) ? (load(file) as unknown) : undefined);
    }
    return loaded.get(name);
  };
}
