// In-process timing of the Kubernetes check after the bench's edit, without the LSP around it:
//   node bench/kubernetesEdit.mjs [n=1000] [steady=20] [root=this repository]
// Prints one line of JSON: the first check (cold), the bench's edit (`name: app0` → `name: app0x`, which renames a
// Deployment that a Service selects), then `steady` more keystrokes on the same line (`app0xx`, `app0xxx`…), each
// checked, in CPU milliseconds (`process.cpuUsage`); `steadyMedian` is their median. Run it in a fresh process each
// time; `root` may be another build of the tree (out/ and schemas/ built), to compare before and after a change.
import { benchSession, here } from './inProcess.mjs';

const [n = '1000', steady = '20', root = here] = process.argv.slice(2);
const { workload, check: timed } = await benchSession(root, 'k8s', Number(n));
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
