// In-process timing of the outline (documentSymbol) of the bench's Kubernetes file, without the LSP around it:
//   node bench/kubernetesOutline.mjs [n=1000] [root=this repository]
// Prints one line of JSON, in CPU milliseconds (`process.cpuUsage`): the first outline after the first check (as the
// editor asks for it once the file is open), then the outline after the bench's edit (`name: app0` → `name: app0x`)
// asked before that version is checked, and again after it is. Run it in a fresh process each time; `root` may be
// another build of the tree (out/ and schemas/ built), to compare before and after a change (a build whose session
// has no `documentSymbols` outlines the held file with `getDocumentSymbols`, a whole-file parse).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [n = '1000', root = join(dirname(fileURLToPath(import.meta.url)), '..')] = process.argv.slice(2);
const require = createRequire(join(root, 'package.json'));
const { WorkspaceSession, getDocumentSymbols } = require(join(root, 'out/server/src/service/index.js'));
const { createKubernetesSchemaSource } = require(join(root, 'out/server/src/kubernetesSchemas.js'));
const { kubernetesWorkload } = await import(join(root, 'bench/workloads.mjs'));

const workload = kubernetesWorkload(Number(n));
const session = new WorkspaceSession({
  host: { readFile: () => undefined, exists: () => false },
  kubernetesSchemas: createKubernetesSchemaSource(),
});
const uri = 'file:///w/k8s.yaml';
const cpu = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const outline = () => (session.documentSymbols ? session.documentSymbols(uri) : getDocumentSymbols(session.file(uri)));
const timed = (f) => {
  const started = cpu();
  const result = f();
  return { ms: Math.round((cpu() - started) * 10) / 10, result };
};
session.open(uri, 1, workload.text);
await session.diagnostics(uri);
const first = timed(outline);
const lines = workload.text.split('\n');
lines[workload.editLine] += 'x';
session.open(uri, 2, lines.join('\n'));
const beforeCheck = timed(outline);
await session.diagnostics(uri);
session.open(uri, 3, workload.text);
await session.diagnostics(uri);
const afterCheck = timed(outline);
console.log(
  JSON.stringify({
    n: Number(n),
    first: first.ms,
    editedBeforeCheck: beforeCheck.ms,
    editedAfterCheck: afterCheck.ms,
    symbols: first.result.length,
  }),
);
