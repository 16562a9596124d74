import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
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
  return (name) => {
    if (!folder || !/^[\w.-]+$/.test(name)) return undefined;
    if (!loaded.has(name)) {
      const file = join(folder, `${name}.js`);
      const cache = codeCacheFile(file);
      const cachedData = existsSync(cache) ? readFileSync(cache) : undefined;
      loaded.set(name, existsSync(file) ? loadValidatorModule(file, cachedData).exports : undefined);
    }
    return loaded.get(name);
  };
}

/** Where schemas/compile.mjs keeps a validator module's V8 code cache: beside it. */
export const codeCacheFile = (file: string): string => file.replace(/\.js$/, '.v8cache');

/**
 * A generated validator module run as `require` runs it, from V8's code cache when one is given and V8 takes it (the
 * same V8 version and flags as the build's; otherwise V8 compiles as usual): the module's half a megabyte is not
 * compiled again, nor the functions the build ran before making the cache. Gives the script too, to make a cache of.
 */
export function loadValidatorModule(file: string, cachedData?: Buffer): { exports: unknown; script: Script } {
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script };
}
