// Bundles what ships: the extension, the language server and the CLI, each one self-contained CommonJS file in dist/.
// Type-checking is `tsc -b`'s job; this only bundles. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { compileValidators } from './schemas/compile.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { STEVEDORE_VERSION: JSON.stringify(version) },
  // ssh2 (under dockerode) tries optional native add-ons inside try/catch and falls back to JavaScript.
  external: ['vscode', 'cpu-features', '*.node'],
  // jsonc-parser's `main` is a UMD build whose internal requires esbuild cannot follow; its maintainers point
  // bundlers at the ES module build (microsoft/node-jsonc-parser#57).
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const bundles = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['client/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

// The schema validators the server loads instead of compiling (schemas/validators/; skipped when up to date).
await compileValidators();
if (watch) {
  for (const options of bundles) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(bundles.map((options) => esbuild.build(options)));
}
