// What the in-process benches (composeEdit, composeRules, kubernetesEdit, kubernetesOutline) share: a language-service
// session of a built tree over no disk, the bench's workloads, and the process's CPU time. `root` is this repository
// or another build of it (out/ and schemas/ built; a relative path is taken from the working folder), to compare
// before and after a change.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This repository. */
export const here = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The CPU time this process has used, user and system, in milliseconds. */
export function cpuMs() {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** A module of `root`'s compiled language service (`out/server/src/service/<path>`). */
export function serviceModule(root, path) {
  root = resolve(root);
  return createRequire(join(root, 'package.json'))(join(root, 'out/server/src/service', path));
}

/**
 * A `WorkspaceSession` of `root` for one file of `kind` ('compose' or 'k8s'), with its workload of `n` entries, and
 * `check(version, text)`: opens that version and waits for its diagnostics, in CPU ms (`before` runs first, untimed).
 */
export async function benchSession(root, kind, n, before = () => undefined) {
  root = resolve(root);
  const require = createRequire(join(root, 'package.json'));
  const { WorkspaceSession } = serviceModule(root, 'index.js');
  const { composeWorkload, kubernetesWorkload } = await import(join(root, 'bench/workloads.mjs'));
  const compose = kind === 'compose';
  const session = new WorkspaceSession({
    host: { readFile: () => undefined, exists: () => false },
    ...(compose
      ? { validators: require(join(root, 'out/server/src/validatorFiles.js')).createValidatorSource() }
      : { kubernetesSchemas: require(join(root, 'out/server/src/kubernetesSchemas.js')).createKubernetesSchemaSource() }),
  });
  const uri = compose ? 'file:///w/compose.yaml' : 'file:///w/k8s.yaml';
  const check = async (version, text) => {
    before();
    const started = cpuMs();
    session.open(uri, version, text);
    const found = await session.diagnostics(uri);
    return { ms: Math.round((cpuMs() - started) * 10) / 10, exact: cpuMs() - started, found: found?.length };
  };
  return { session, uri, workload: compose ? composeWorkload(n) : kubernetesWorkload(n), check };
}
