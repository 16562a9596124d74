// Connect benchmark: how long Stevedore takes to reach the engine (resolve the endpoint, connect, negotiate the API
// version, one ping), against the docker CLI's `docker version` on the same engine, in one run. These figures were
// printed by the engine tests until issue 12 moved timings out of the correctness tiers.
//   node bench/connect.mjs [--runs 15]
// Needs a build (out/) and a running local engine (bash test/setup/ensure-engine.sh).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 15;

const { connectEngine } = await import(join(root, 'out', 'client', 'src', 'engine', 'index.js'));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function time(what) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await what();
    times.push(performance.now() - started);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

const ours = await time(async () => {
  const engine = await connectEngine({ env: {} });
  await engine.docker.ping();
  await engine.dispose();
});
const cli = await time(async () => {
  execFileSync('docker', ['version', '--format', '{{.Server.APIVersion}}'], { stdio: 'ignore' });
});

const row = (name, t) => `| ${name} | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${t.max.toFixed(1)} |`;
console.log(`connect to the local engine, ${runs} runs (ms)\n`);
console.log('| client | median | min | max |\n| --- | --- | --- | --- |');
console.log(row('Stevedore connectEngine + ping', ours));
console.log(row('docker version (CLI process)', cli));
console.log(`\nratio (docker CLI / Stevedore, medians): ${(cli.median / ours.median).toFixed(1)}×`);
