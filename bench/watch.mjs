// Watch benchmark: save → served for examples/hello's `sync` rule, on the local engine. Needs a build (tsc -b) and
// a running engine. Deploys a copy of examples/hello as project sdwbench (image sdw/bench-web:local), then N times:
// write web/index.html, and time until http://127.0.0.1:PORT/ serves the new text. The change reaches the watch the
// way a save outside the editor does (the file watcher, then the 100 ms debounce), so the figure is what a user waits.
//   node bench/watch.mjs [--runs 20]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('--runs', '20'));
const engineApi = await import(join(root, 'out', 'client', 'src', 'engine', 'index.js'));
const { copyHello, loadHello } = await import(join(root, 'out', 'test', 'support', 'helloCopy.js'));
const { ensureBusyboxImage } = await import(join(root, 'out', 'test', 'support', 'busyboxImage.js'));
const { freePort, getWhenReady } = await import(join(root, 'out', 'test', 'support', 'net.js'));

const PROJECT = 'sdwbench';
const IMAGE = 'sdw/bench-web:local';
const engine = await engineApi.connectEngine();
const dir = mkdtempSync(join(tmpdir(), 'sdwbench-'));
try {
  await ensureBusyboxImage(engine.docker);
  await engineApi.composeDown(engine, PROJECT, { volumes: true });
  const port = await freePort();
  const project = loadHello(copyHello(dir, IMAGE), PROJECT, port);
  const applied = await engineApi.applyComposePlan(engine, await engineApi.planComposeDeploy(engine, project));
  if (!applied.ok) throw new Error(applied.failed?.message);
  const url = `http://127.0.0.1:${port}/`;
  await getWhenReady(url, 30_000);
  const reports = [];
  const watch = new engineApi.ProjectWatch(engine, project, { onReport: (r) => reports.push(r) });
  const watcher = engineApi.watchPaths(watch.roots, (path) => watch.changed([path]));
  const served = [];
  for (let i = 0; i < runs; i++) {
    const text = `<h1>bench ${i} ${Date.now()}</h1>\n`;
    const start = performance.now();
    writeFileSync(join(dir, 'web', 'index.html'), text);
    for (;;) {
      const body = await (await fetch(url)).text();
      if (body === text) break;
      await new Promise((r) => setTimeout(r, 5));
      if (performance.now() - start > 10_000) throw new Error(`run ${i}: not served within 10 s`);
    }
    served.push(performance.now() - start);
    await watch.idle();
  }
  watcher.close();
  watch.dispose();
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const syncMs = reports.filter((r) => r.ok && r.action === 'sync').map((r) => r.ms);
  console.log(`watch, examples/hello sync rule, ${runs} saves (file watcher + 100 ms debounce included):`);
  console.log(
    `  save → served: median ${pct(served, 50).toFixed(0)} ms, p95 ${pct(served, 95).toFixed(0)} ms, max ${Math.max(...served).toFixed(0)} ms`,
  );
  console.log(`  the sync itself (archive PUT): median ${pct(syncMs, 50)} ms, p95 ${pct(syncMs, 95)} ms`);
  console.log(`  target: under 1000 ms — ${pct(served, 95) < 1000 ? 'met' : 'NOT met'} at p95`);
} finally {
  await engineApi.composeDown(engine, PROJECT, { volumes: true });
  await engine.docker
    .getImage(IMAGE)
    .remove({ force: true })
    .catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  await engine.dispose();
}
