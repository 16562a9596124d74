// In-process timing of the Compose check after the bench's edit, without the LSP around it:
//   node bench/composeEdit.mjs [n=1000] [edit=key|value] [root=this repository]
// Prints one line of JSON: the first check (cold), the bench's edit (`svc0:` → `svc0:x`, a syntax error) or a value
// edit (`ROLE: worker7` → `worker8`), then the same edit again after an undo (warm), in CPU milliseconds
// (`process.cpuUsage`). Run it in a fresh process each time; `root` may be another build of the tree (out/ and
// schemas/validators/ built), to compare before and after a change.
import { benchSession, here } from './inProcess.mjs';

const [n = '1000', mode = 'key', root = here] = process.argv.slice(2);
const { workload, check: timed } = await benchSession(root, 'compose', Number(n));
const edited =
  mode === 'value'
    ? workload.text.replace('ROLE: worker7\n', 'ROLE: worker8\n')
    : workload.text
        .split('\n')
        .map((line, i) => (i === workload.editLine ? `${line}x` : line))
        .join('\n');
const cold = await timed(1, workload.text);
const edit = await timed(2, edited);
await timed(3, workload.text);
const again = await timed(4, edited);
console.log(JSON.stringify({ n: Number(n), mode, cold: cold.ms, edit: edit.ms, warmEdit: again.ms, diagnostics: edit.found }));
