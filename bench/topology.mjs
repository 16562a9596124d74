// Topology benchmark: the time from a Compose file's text to the graph view's SVG, for a generated project of N
// services in tiers of ten (each with an image, replicas, a published port, a network, a volume, and depends_on on
// two services of the tier before: ten layers deep), in-process on a build: parse → the server's getTopology (the model) → dagre layout → SVG.
// With --paint, the SVG is also put into a page of headless Chromium (playwright-core, /usr/bin/chromium or
// $STEVEDORE_CHROMIUM) and timed until two animation frames later (drawn): what a webview adds when it shows it.
// Wall times, and the CPU time of text → SVG (less sensitive to a loaded machine than the wall time).
//   node bench/topology.mjs [--sizes 10,100,300] [--runs 15] [--paint]
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('--sizes', '10,100,300').split(',').map(Number);
const runs = Number(arg('--runs', '15'));
const paint = process.argv.includes('--paint');

const service = await import(join(root, 'out', 'server', 'src', 'service', 'index.js'));
const { layoutTopology } = await import(join(root, 'out', 'client', 'src', 'views', 'topology', 'layout.js'));
const { renderTopologySvg } = await import(join(root, 'out', 'client', 'src', 'views', 'topology', 'render.js'));

function composeFile(n) {
  const lines = ['services:'];
  for (let i = 0; i < n; i++) {
    const tier = Math.floor(i / 10);
    const deps =
      tier === 0 ? [] : [...new Set([(tier - 1) * 10 + (i % 10), (tier - 1) * 10 + ((i * 3) % 10)])].map((d) => `s${d}`);
    lines.push(
      `  s${i}:`,
      `    image: example/s${i}:1`,
      `    deploy: { replicas: ${1 + (i % 3)} }`,
      `    ports: ["${20000 + i}:80"]`,
      `    networks: [net${i % 5}]`,
      `    volumes: ["vol${i % 10}:/data"]`,
      ...(deps.length ? [`    depends_on: [${deps.join(', ')}]`] : []),
    );
  }
  lines.push('networks:', ...Array.from({ length: 5 }, (_, i) => `  net${i}:`));
  lines.push('volumes:', ...Array.from({ length: 10 }, (_, i) => `  vol${i}:`));
  return `${lines.join('\n')}\n`;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs`,
);
let browser;
let page;
if (paint) {
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: process.env.STEVEDORE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
}
/** Puts the SVG into the page and waits until it is drawn (two frames after); the milliseconds it took. */
async function painted(svg) {
  const t0 = performance.now();
  await page.setContent(`<!DOCTYPE html><html><body>${svg}</body></html>`);
  // Runs in the page, where requestAnimationFrame is defined.
  await page.evaluate(
    () => new Promise((resolve) => globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(resolve))),
  );
  return performance.now() - t0;
}
console.log(
  `services  nodes  edges  model ms  layout ms  svg ms  total ms  (CPU ms)${paint ? '  paint ms  with paint ms' : ''} (median of runs)`,
);
for (const n of sizes) {
  const text = composeFile(n);
  const times = { model: [], layout: [], svg: [], total: [], cpu: [], paint: [], opened: [] };
  let shape = '';
  for (let run = 0; run < runs + 2; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const file = service.createSourceFile('file:///bench/compose.yaml', run, text);
    const topology = service.getTopology(file, {});
    const t1 = performance.now();
    const layout = layoutTopology(topology);
    const t2 = performance.now();
    const svg = renderTopologySvg(layout);
    const t3 = performance.now();
    const cpu = process.cpuUsage(c0);
    const drawn = paint ? await painted(svg) : 0;
    if (run < 2) continue; // warm-up
    times.model.push(t1 - t0);
    times.layout.push(t2 - t1);
    times.svg.push(t3 - t2);
    times.total.push(t3 - t0);
    times.cpu.push((cpu.user + cpu.system) / 1000);
    times.paint.push(drawn);
    times.opened.push(t3 - t0 + drawn);
    shape = `${String(topology.nodes.length).padStart(5)}  ${String(topology.edges.length).padStart(5)}  (${Math.round(svg.length / 1024)} KiB SVG)`;
  }
  const f = (k) => median(times[k]).toFixed(1).padStart(8);
  const painting = paint ? `  ${f('paint')}  ${f('opened').padStart(13)}` : '';
  console.log(
    `${String(n).padStart(8)}  ${shape}  ${f('model')}  ${f('layout')}  ${f('svg')}  ${f('total')}  ${f('cpu')}${painting}`,
  );
}
await browser?.close();
