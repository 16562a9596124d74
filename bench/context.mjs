// Build-context packing benchmark: the archive `docker build` would receive, made by buildContextArchive (the
// .dockerignore walk and tar-stream) against GNU tar over the same tree, as a peer for the cost per byte. Needs a
// build (tsc -b), no engine. Generates a tree of 4,000 small files in 200 folders plus 20 files of 2 MB (~60 MB),
// then times each way of packing it, alternately, and prints the medians. Timings on a shared machine are noisy:
// compare the ratio, not the absolute figure.
//   node bench/context.mjs [--runs 7]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '..');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 7;
const { buildContextArchive } = await import(join(root, 'out', 'client', 'src', 'engine', 'compose', 'buildContext.js'));

function makeTree(dir) {
  for (let d = 0; d < 200; d++) {
    const folder = join(dir, `pkg${d}`, 'src', 'deeper');
    mkdirSync(folder, { recursive: true });
    for (let f = 0; f < 20; f++) writeFileSync(join(folder, `file${f}.ts`), randomBytes(1024 * (1 + (f % 8))));
  }
  mkdirSync(join(dir, 'assets'));
  for (let f = 0; f < 20; f++) writeFileSync(join(dir, 'assets', `blob${f}.bin`), randomBytes(2 * 1024 * 1024));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
  writeFileSync(join(dir, '.dockerignore'), '**/*.log\n');
}

async function ours(dir) {
  let bytes = 0;
  for await (const chunk of await buildContextArchive(dir, 'Dockerfile')) bytes += chunk.length;
  return bytes;
}

function gnuTar(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['-cf', '-', '--exclude=*.log', '-C', dir, '.']);
    let bytes = 0;
    child.stdout.on('data', (chunk) => (bytes += chunk.length));
    child.on('error', reject).on('close', (code) => (code === 0 ? resolve(bytes) : reject(new Error(`tar exited ${code}`))));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'sdwbench-context-'));
try {
  makeTree(dir);
  const times = { buildContextArchive: [], 'GNU tar': [] };
  const sizes = {};
  for (let run = 0; run <= runs; run++) {
    for (const [name, pack] of [
      ['buildContextArchive', ours],
      ['GNU tar', gnuTar],
    ]) {
      const start = performance.now();
      sizes[name] = await pack(dir);
      if (run > 0) times[name].push(performance.now() - start); // run 0 warms the page cache
    }
  }
  for (const [name, list] of Object.entries(times))
    console.log(
      `${name.padEnd(20)} median ${median(list).toFixed(0).padStart(6)} ms  (${(sizes[name] / 1048576).toFixed(1)} MB, ${runs} runs)`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
