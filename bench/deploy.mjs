// Deploy benchmark: Stevedore's deploy engine against the docker CLI, on the same generated files and the same
// engine, in one run. Needs a running engine with a one-node swarm (bash test/setup/ensure-engine.sh) and a build.
//   node bench/deploy.mjs [--sizes 1,10,50] [--only compose|stack]
// Compose: N independent one-container services. Stevedore (plan + apply: all services in parallel) against a serial
// create+start loop over the API of the very same containers (same specs, same project network: what a client that
// does one service after another pays) and a serial `docker run -d` loop with the CLI on the default bridge (docker
// compose is not installed here).
// Stack: N one-replica services. Stevedore creation alone and to convergence (all services awaited at once)
// against `docker stack deploy --detach=true` and `--detach=false`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('--sizes', '1,10,50').split(',').map(Number);
const only = arg('--only', 'compose,stack').split(',');

const engineApi = await import(join(root, 'out', 'client', 'src', 'engine', 'index.js'));
const service = await import(join(root, 'out', 'server', 'src', 'service', 'index.js'));
const { createFsHost } = await import(join(root, 'out', 'server', 'src', 'fsHost.js'));
const { ensureBusyboxImage } = await import(join(root, 'out', 'test', 'support', 'busyboxImage.js'));

const IMAGE = 'stevedore/busybox:local';
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const seconds = (ms) => (ms / 1000).toFixed(2);
const time = async (work) => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

function composeFile(n) {
  let text = 'services:\n';
  for (let i = 0; i < n; i++) text += `  s${i}:\n    image: ${IMAGE}\n    command: ["sleep", "3600"]\n`;
  return text;
}

function stackFile(n) {
  let text = 'version: "3.8"\nservices:\n';
  for (let i = 0; i < n; i++)
    text += `  s${i}:\n    image: ${IMAGE}\n    command: ["sleep", "3600"]\n    deploy:\n      replicas: 1\n      endpoint_mode: dnsrr\n`;
  return text;
}

function load(file, options) {
  const result = service.loadProject(createFsHost(), { files: [file], environment: {}, ...options });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.project;
}

async function removeByLabel(engine, label) {
  const containers = await engine.docker.listContainers({ all: true, filters: { label: [label] } });
  await Promise.all(containers.map((c) => engine.docker.getContainer(c.Id).remove({ force: true })));
}

async function benchCompose(engine, n, dir) {
  const file = join(dir, `compose-${n}.yaml`);
  writeFileSync(file, composeFile(n));
  const project = load(file, { projectName: `sdbench${n}` });
  await engineApi.composeDown(engine, project.name);
  const stevedore = await time(async () => {
    const plan = await engineApi.planComposeDeploy(engine, project);
    const result = await engineApi.applyComposePlan(engine, plan);
    if (!result.ok) throw new Error(result.failed?.message);
  });
  await engineApi.composeDown(engine, project.name);

  // The same containers (same specs, same project network), created and started one after another.
  const loopProject = load(file, { projectName: `sdbenchloop${n}` });
  await engineApi.composeDown(engine, loopProject.name);
  const apiLoop = await time(async () => {
    await engine.docker.createNetwork({
      Name: loopProject.networks.default.name,
      Labels: { 'com.docker.compose.project': loopProject.name },
    });
    for (const service of Object.values(loopProject.services)) {
      const spec = engineApi.containerCreateOptions({ project: loopProject, service, number: 1, apiVersion: engine.apiVersion });
      const c = await engine.docker.createContainer(spec.options);
      await c.start();
    }
  });
  await engineApi.composeDown(engine, loopProject.name);
  const cliLoop = await time(async () => {
    for (let i = 0; i < n; i++)
      docker('run', '-d', '--name', `sdbenchcli${n}-s${i}`, '--label', `org.stevedore.bench=cli${n}`, IMAGE, 'sleep', '3600');
  });
  await removeByLabel(engine, `org.stevedore.bench=cli${n}`);
  return { n, stevedore, apiLoop, cliLoop };
}

async function waitStackGone(engine, name) {
  for (let i = 0; i < 120; i++) {
    const left = await engine.docker.listContainers({ all: true, filters: { label: [`com.docker.stack.namespace=${name}`] } });
    const networks = await engine.docker.listNetworks({ filters: { label: [`com.docker.stack.namespace=${name}`] } });
    if (left.length === 0 && networks.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function benchStack(engine, n, dir) {
  const file = join(dir, `stack-${n}.yml`);
  writeFileSync(file, stackFile(n));
  const removeAll = async (name) => {
    try {
      docker('stack', 'rm', name);
    } catch {
      // not there
    }
    await waitStackGone(engine, name);
  };
  const ours = async (name, converge) => {
    await removeAll(name);
    // A stack loads with its name as the project name (resources are named <stack>_<key>).
    const project = load(file, { stack: true, projectName: name });
    const ms = await time(async () => {
      const since = Date.now();
      const plan = await engineApi.planStack(engine, project, name);
      const result = await engineApi.applyStackPlan(engine, plan);
      if (!result.ok) throw new Error(result.failed?.message);
      if (converge) {
        const converged = await engineApi.waitForStack(engine, name, { since, timeoutMs: 600_000 });
        if (!converged.ok) throw new Error(converged.message);
      }
    });
    await removeAll(name);
    return ms;
  };
  const cli = async (name, detach) => {
    await removeAll(name);
    const ms = await time(async () => docker('stack', 'deploy', '-c', file, `--detach=${detach}`, name));
    await removeAll(name);
    return ms;
  };
  return {
    n,
    stevedoreCreate: await ours(`sdbst${n}a`, false),
    cliCreate: await cli(`sdbst${n}b`, true),
    stevedoreConverge: await ours(`sdbst${n}c`, true),
    cliConverge: await cli(`sdbst${n}d`, false),
  };
}

const engine = await engineApi.connectEngine();
await ensureBusyboxImage(engine.docker);
const dir = mkdtempSync(join(tmpdir(), 'sdbench-'));
try {
  if (only.includes('compose')) {
    console.log('compose: N services   stevedore   serial API loop   serial `docker run -d`   ratio vs API loop   ratio vs CLI');
    for (const n of sizes) {
      const r = await benchCompose(engine, n, dir);
      console.log(
        `  ${String(n).padStart(3)}               ${seconds(r.stevedore).padStart(7)} s  ${seconds(r.apiLoop).padStart(9)} s  ${seconds(r.cliLoop).padStart(12)} s  ${(r.stevedore / r.apiLoop).toFixed(2).padStart(14)}×  ${(r.stevedore / r.cliLoop).toFixed(2).padStart(10)}×`,
      );
    }
  }
  if (only.includes('stack')) {
    console.log(
      'stack: N services   stevedore create   stack deploy --detach=true   ratio   stevedore converged   --detach=false   ratio',
    );
    for (const n of sizes) {
      const r = await benchStack(engine, n, dir);
      console.log(
        `  ${String(n).padStart(3)}             ${seconds(r.stevedoreCreate).padStart(9)} s  ${seconds(r.cliCreate).padStart(14)} s  ${(r.stevedoreCreate / r.cliCreate).toFixed(2)}×  ${seconds(r.stevedoreConverge).padStart(12)} s  ${seconds(r.cliConverge).padStart(11)} s  ${(r.stevedoreConverge / r.cliConverge).toFixed(2)}×`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await engine.dispose?.();
}
