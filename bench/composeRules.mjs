// In-process timing of a series of value edits on a Compose workload, with the project-wide rules' share:
//   node bench/composeRules.mjs [n=1000] [edits=30] [edit=value|port] [root=this repository]
// Opens compose:n, then edits one service after another (`ROLE: workerI` changed, or a published port), each a new
// version checked in full by `WorkspaceSession.diagnostics`. Prints one line of JSON, CPU milliseconds
// (`process.cpuUsage`): the first check (cold), the first edit, the median of the later ones (steady), and for each
// the time spent in the five project-wide rules (references, depends_on, ports, container names, unused) and, where
// the tree has one, in building their index of services. The rules are timed by wrapping their compiled exports, so
// `root` may be another build of the tree (out/ and schemas/validators/ built). Run it in a fresh process each time.
import { benchSession, cpuMs as cpu, here, serviceModule } from './inProcess.mjs';

const [n = '1000', count = '30', mode = 'value', root = here] = process.argv.slice(2);
const service = (path) => serviceModule(root, path);

const spent = {};
const timeIn = (owner, name, label) => {
  const original = owner[name];
  owner[name] = function (...args) {
    const started = cpu();
    try {
      return original.apply(this, args);
    } finally {
      spent[label] = (spent[label] ?? 0) + cpu() - started;
    }
  };
};
timeIn(service('rules/compose/references.js'), 'referenceDiagnostics', 'references');
timeIn(service('rules/compose/dependsOn.js'), 'dependsOnDiagnostics', 'dependsOn');
timeIn(service('rules/compose/ports.js'), 'portDiagnostics', 'ports');
timeIn(service('rules/compose/containerName.js'), 'containerNameDiagnostics', 'containerName');
timeIn(service('rules/compose/unused.js'), 'unusedDiagnostics', 'unused');
try {
  timeIn(service('compose/serviceIndex.js').ServiceSummaries.prototype, 'index', 'index');
} catch {
  // A tree from before the index.
}

const { workload, check } = await benchSession(root, 'compose', Number(n), () => {
  for (const label of Object.keys(spent)) spent[label] = 0;
});
const timed = async (version, text) => {
  const { exact, found } = await check(version, text);
  return { total: exact, rules: Object.values(spent).reduce((a, b) => a + b, 0), parts: { ...spent }, found };
};
const cold = await timed(1, workload.text);
let text = workload.text;
const edits = [];
for (let e = 0; e < Number(count); e++) {
  const i = (e * 37 + 7) % Number(n);
  text =
    mode === 'port'
      ? text.replace(`"127.0.0.1:${20000 + i}:80"`, `"127.0.0.1:${30000 + e}:80"`)
      : text.replace(`ROLE: worker${i}\n`, `ROLE: worker${i}e${e}\n`);
  edits.push(await timed(2 + e, text));
}
const round = (ms) => Math.round(ms * 100) / 100;
const median = (values) => round([...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN);
const steady = edits.slice(1);
const parts = Object.fromEntries(Object.keys(spent).map((label) => [label, median(steady.map((e) => e.parts[label]))]));
console.log(
  JSON.stringify({
    n: Number(n),
    mode,
    cold: round(cold.total),
    coldRules: round(cold.rules),
    first: round(edits[0].total),
    firstRules: round(edits[0].rules),
    steady: median(steady.map((e) => e.total)),
    steadyRules: median(steady.map((e) => e.rules)),
    steadyParts: parts,
    diagnostics: edits.at(-1)?.found,
  }),
);
