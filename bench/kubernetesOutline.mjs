// In-process timing of the outline (documentSymbol) of the bench's Kubernetes file, without the LSP around it:
//   node bench/kubernetesOutline.mjs [n=1000] [root=this repository]
// Prints one line of JSON, in CPU milliseconds (`process.cpuUsage`): the first outline after the first check (as the
// editor asks for it once the file is open), then the outline after the bench's edit (`name: app0` → `name: app0x`)
// asked before that version is checked, and again after it is. Run it in a fresh process each time; `root` may be
// another build of the tree (out/ and schemas/ built), to compare before and after a change (a build whose session
// has no `documentSymbols` outlines the held file with `getDocumentSymbols`, a whole-file parse).
import { benchSession, cpuMs as cpu, here, serviceModule } from './inProcess.mjs';

const [n = '1000', root = here] = process.argv.slice(2);
const { session, uri, workload } = await benchSession(root, 'k8s', Number(n));
const { getDocumentSymbols } = serviceModule(root, 'index.js');
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
