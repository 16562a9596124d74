// In-process timing of the Kubernetes check after the bench's edit, without the LSP around it:
//   node bench/kubernetesEdit.mjs [n=1000] [steady=20] [root=this repository]
// Prints one line of JSON: the first check (cold), the bench's edit (`name: app0` → `name: app0x`, which renames a
// Deployment that a Service selects), then `steady` more keystrokes on the same line (`app0xx`, `app0xxx`…), each
// checked, in CPU milliseconds (`process.cpuUsage`); `steadyMedian` is their median. Run it in a fresh process each
// time; `root` may be another build of the tree (out/ and schemas/ built), to compare before and after a change.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [n = '1000', steady = '20', root = join(dirname(fileURLToPath(import.meta.url)), '..')] = process.argv.slice(2);
const require = createRequire(join(root, 'package.json'));
const { WorkspaceSession } = require(join(root, 'out/server/src/service/index.js'));
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
const timed = async (version, text) => {
  const started = cpu();
  session.open(uri, version, text);
  const found = await session.diagnostics(uri);
  return { ms: Math.round((cpu() - started) * 10) / 10, found: found?.length };
};
const lines = workload.text.split('\n');
const typed = (suffix) => lines.map((line, i) => (i === workload.editLine ? `${line}${suffix}` : line)).join('\n');
const cold = await timed(1, workload.text);
const edit = await timed(2, typed('x'));
const steadyMs = [];
for (let i = 0; i < Number(steady); i++) steadyMs.push((await timed(3 + i, typed('x'.repeat(i + 2)))).ms);
const median = [...steadyMs].sort((a, b) => a - b)[Math.floor(steadyMs.length / 2)];
console.log(
  JSON.stringify({ n: Number(n), cold: cold.ms, edit: edit.ms, steadyMedian: median, steady: steadyMs, diagnostics: edit.found }),
);
