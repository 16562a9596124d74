// Cluster benchmark on a three-node swarm lab (test/setup/swarm-lab.sh, lab `sb`; root; after a build):
//   node bench/cluster.mjs [--runs 3] [--services 20] [--replicas 3] [--keep]
// 1. Convergence: a stack of N services × R replicas (busybox, sleep) deployed to the lab's manager, timed from the
//    start until every replica runs: Stevedore (plan + apply + waitForStack) against
//    `docker stack deploy --detach=false` on the same lab; the two alternate, the stack removed (tasks gone on every
//    node) between runs. Median, min and max over the runs. (`docker stack deploy --detach=false` waits for one
//    service after another, each with a few seconds' stability check; Stevedore waits for all of them at once.)
// 2. Node loss: with that stack running, node 3 is lost (swarm-lab.sh node-down: dockerd, containerd and the
//    containers SIGKILLed), and `stevedore ps` (the shipped CLI, through the manager socket) is polled until it
//    shows node3 down, then until every replica runs on node1 and node2. Timed from the start of node-down.
// The lab is removed at the end (--keep leaves it up). The machine is shared and has 2 CPUs: the load average is
// printed beside the figures; rerun to confirm.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('--runs', '3'));
const serviceCount = Number(arg('--services', '20'));
const replicas = Number(arg('--replicas', '3'));
const LAB = 'sb';

const engineApi = await import(join(root, 'out', 'client', 'src', 'engine', 'index.js'));
const service = await import(join(root, 'out', 'server', 'src', 'service', 'index.js'));
const { createFsHost } = await import(join(root, 'out', 'server', 'src', 'fsHost.js'));

const lab = (...args) =>
  execFileSync('bash', [join(root, 'test', 'setup', 'swarm-lab.sh'), ...args], { encoding: 'utf8' }).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms) => (ms / 1000).toFixed(2);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs) => `${seconds(median(xs))} s (min ${seconds(Math.min(...xs))}, max ${seconds(Math.max(...xs))})`;

function stackFile() {
  let text = 'version: "3.8"\nservices:\n';
  for (let i = 0; i < serviceCount; i++)
    text += `  s${i}:\n    image: stevedore/busybox:local\n    command: ["sleep", "3600"]\n    init: true\n    deploy:\n      replicas: ${replicas}\n      endpoint_mode: dnsrr\n`;
  return text;
}

/** Removes a stack and waits until no task, container or network of it is left on any node. */
async function removeFully(engine, nodes, stack) {
  await engineApi.removeStack(engine, stack);
  const filters = { label: [`com.docker.stack.namespace=${stack}`] };
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(300)) {
    const left = await Promise.all(nodes.map((n) => n.docker.listContainers({ all: true, filters })));
    const networks = await engine.docker.listNetworks({ filters });
    if (left.every((l) => l.length === 0) && networks.length === 0) return;
  }
  throw new Error(`stack ${stack} was not gone within 120 s`);
}

async function stevedoreDeploy(engine, file, stack) {
  const loaded = service.loadProject(createFsHost(), { files: [file], stack: true, projectName: stack, environment: {} });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('; '));
  const start = performance.now();
  const plan = await engineApi.planStack(engine, loaded.project, stack);
  const since = Date.now();
  const applied = await engineApi.applyStackPlan(engine, plan);
  if (!applied.ok) throw new Error(applied.failed?.message);
  const converged = await engineApi.waitForStack(engine, stack, { since });
  if (!converged.ok) throw new Error(converged.message);
  return performance.now() - start;
}

function cliDeploy(socket, file, stack) {
  const start = performance.now();
  execFileSync('docker', ['-H', `unix://${socket}`, 'stack', 'deploy', '--detach=false', '-c', file, stack], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return performance.now() - start;
}

/** `stevedore ps` through the manager: is node3 shown down, and do all replicas run on node1 and node2? */
function psState(socket, stack) {
  const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'ps', stack, '--host', `unix://${socket}`], {
    encoding: 'utf8',
  });
  const lines = run.stdout.split('\n');
  const down = lines.some((l) => /\bnode3 \(down, /.test(l));
  const moved = lines.filter((l) => /\bnode[12] \(ready, active\) {2}running \(desired running\)/.test(l)).length;
  return { down, rescheduled: down && moved === serviceCount * replicas };
}

async function nodeLoss(engine, nodes, socket, file, stack) {
  await removeFully(engine, nodes, stack);
  await stevedoreDeploy(engine, file, stack);
  const start = performance.now();
  lab('node-down', LAB, '3');
  const killed = performance.now() - start;
  let shownDown;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const state = psState(socket, stack);
    if (state.down) shownDown ??= performance.now() - start;
    if (state.rescheduled) {
      const rescheduled = performance.now() - start;
      lab('node-up', LAB, '3');
      return { killed, shownDown, rescheduled };
    }
  }
  throw new Error('the tasks were not shown rescheduled within 120 s');
}

const dir = mkdtempSync(join(tmpdir(), 'sdlab-bench-'));
const file = join(dir, 'docker-stack.yml');
writeFileSync(file, stackFile());
console.log(`lab ${LAB}: bringing up three nodes…`);
const socket = lab('up', '--name', LAB);
const connect = (n) => engineApi.connectEngine({ host: `unix://${socket.replace(/node1\.sock$/, `node${n}.sock`)}`, env: {} });
const engine = await connect(1);
const nodes = [engine, await connect(2), await connect(3)];
const load = [loadavg()[0]];
try {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['stevedore', 'docker'] : ['docker', 'stevedore'];
    for (const who of order) {
      const stack = who === 'stevedore' ? 'sdlabst' : 'sdlabcli';
      await removeFully(engine, nodes, stack);
      if (who === 'stevedore') ours.push(await stevedoreDeploy(engine, file, stack));
      else theirs.push(cliDeploy(socket, file, stack));
      await removeFully(engine, nodes, stack);
    }
    console.log(`  run ${i + 1}: stevedore ${seconds(ours.at(-1))} s, docker stack deploy ${seconds(theirs.at(-1))} s`);
    load.push(loadavg()[0]);
  }
  const losses = [];
  for (let i = 0; i < runs; i++) {
    const loss = await nodeLoss(engine, nodes, socket, file, 'sdlabloss');
    losses.push(loss);
    console.log(
      `  loss ${i + 1}: node-down ${seconds(loss.killed)} s, node3 shown down ${seconds(loss.shownDown)} s, rescheduled ${seconds(loss.rescheduled)} s`,
    );
    load.push(loadavg()[0]);
  }
  await removeFully(engine, nodes, 'sdlabloss');
  const tasks = serviceCount * replicas;
  console.log(
    `\n${serviceCount} services × ${replicas} replicas (${tasks} tasks) over 3 nodes, ${runs} runs, median (min, max):`,
  );
  console.log(`  to convergence, Stevedore:                          ${summary(ours)}`);
  console.log(`  to convergence, docker stack deploy --detach=false: ${summary(theirs)}`);
  console.log(`  ratio docker / Stevedore (medians):                 ${(median(theirs) / median(ours)).toFixed(2)}`);
  console.log(`  node loss → node3 down in stevedore ps:             ${summary(losses.map((l) => l.shownDown))}`);
  console.log(`  node loss → all tasks rescheduled in stevedore ps:  ${summary(losses.map((l) => l.rescheduled))}`);
  console.log(`  (of which node-down itself:                         ${summary(losses.map((l) => l.killed))})`);
  console.log(`  load average (1 min) during the runs: ${load.map((x) => x.toFixed(2)).join(', ')}`);
} finally {
  await Promise.all(nodes.map((n) => n.dispose()));
  rmSync(dir, { recursive: true, force: true });
  if (!process.argv.includes('--keep')) lab('down', LAB);
}
