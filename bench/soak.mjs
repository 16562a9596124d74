// Soak: many cycles of deploy → scale → redeploy with a change → down, for the hello example (a compose project) and
// a three-service swarm stack, through the same use case and lock the editor and the CLI use. Every --every cycles it
// counts what is left on the engine (containers, networks, volumes of the soak's projects), the process's open
// handles, the listeners on an event stream kept open the whole time (as the explorer keeps one), and the heap after
// a GC; at the end it says whether anything grew. Needs the machine's engine with a one-node swarm and a build.
//   node --expose-gc bench/soak.mjs [--cycles 100] [--every 10] [--only compose|stack]
// Not a CI test: 100 cycles take far longer than a CI tier may (on a shared 2-core machine about 5 s a compose cycle
// and 43 s a stack cycle, mostly the stack converging: 9 min and about 72 min; run the two side by side with --only,
// as docs/soak.md did); CI runs the engine tests, which cover each behaviour once.
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const cycles = Number(arg('--cycles', '100'));
const every = Number(arg('--every', '10'));
const only = arg('--only', 'compose,stack').split(',');

const engineApi = await import(join(root, 'out', 'client', 'src', 'engine', 'index.js'));
const { createFsHost } = await import(join(root, 'out', 'server', 'src', 'fsHost.js'));
const { ensureBusyboxImage } = await import(join(root, 'out', 'test', 'support', 'busyboxImage.js'));
const { freePort } = await import(join(root, 'out', 'test', 'support', 'net.js'));

const HELLO = 'sk8soakhello';
const STACK = 'sk8soakstack';

const stackFile = (generation) => `version: "3.8"
services:
${['a', 'b', 'c']
  .map(
    (s) =>
      `  ${s}:\n    image: stevedore/busybox:local\n    command: ["sleep", "3600"]\n    environment: {GEN: "${generation}"}\n    deploy: {replicas: 1, endpoint_mode: dnsrr}\n`,
  )
  .join('')}`;

const quietUi = {
  chooseTarget: () => Promise.resolve('compose'),
  showPlan: () => undefined,
  confirmPlan: () => Promise.resolve(true),
  progress: (_preview, work) => work(() => undefined),
};

async function deploy(engine, request) {
  const outcome = await engineApi.runDeploy({ host: createFsHost(), ...request }, engineApi.enginePort(engine, 'soak'), quietUi);
  if (!['deployed', 'up-to-date'].includes(outcome.status)) throw new Error(`deploy ${request.name}: ${JSON.stringify(outcome)}`);
}

async function composeCycle(engine, dir, ports, i) {
  const files = [join(dir, 'hello', 'compose.yaml')];
  const request = (port) => ({
    files,
    fileKind: 'compose',
    name: HELLO,
    build: i === 0,
    load: { environment: { HELLO_PORT: String(port) } },
  });
  await deploy(engine, request(ports[0]));
  const target = { kind: 'compose', name: HELLO };
  await engineApi.withDeployLock(engine, target, { operation: 'scale', client: 'soak' }, async () => {
    const loaded = engineApi.deployedFrom(await engineApi.observeProject(engine.docker, HELLO));
    const { loadProject } = await import(join(root, 'out', 'server', 'src', 'service', 'index.js'));
    const project = loadProject(createFsHost(), {
      files: loaded.files,
      projectName: HELLO,
      environment: { HELLO_PORT: String(ports[0]) },
    });
    if (!project.ok) throw new Error('hello does not load');
    const plan = await engineApi.planComposeScale(engine, project.project, { clock: 2 });
    const result = await engineApi.applyComposePlan(engine, plan);
    if (!result.ok) throw new Error(`scale: ${result.failed?.message}`);
  });
  await deploy(engine, request(ports[1])); // the change: another host port, so web is recreated
  await engineApi.withDeployLock(engine, target, { operation: 'down', client: 'soak' }, () =>
    engineApi.composeDown(engine, HELLO, { volumes: i === cycles - 1 }),
  );
}

async function stackCycle(engine, dir, i) {
  const file = join(dir, 'docker-stack.yml');
  writeFileSync(file, stackFile(`${i}-one`));
  await deploy(engine, { files: [file], fileKind: 'stack', name: STACK });
  const target = { kind: 'stack', name: STACK };
  await engineApi.withDeployLock(engine, target, { operation: 'scale', client: 'soak' }, async () => {
    const since = Date.now();
    await engineApi.scaleStack(engine, STACK, { a: 2 });
    const converged = await engineApi.waitForStack(engine, STACK, { since });
    if (!converged.ok) throw new Error(`scale: ${converged.message}`);
  });
  writeFileSync(file, stackFile(`${i}-two`));
  await deploy(engine, { files: [file], fileKind: 'stack', name: STACK });
  await engineApi.withDeployLock(engine, target, { operation: 'down', client: 'soak' }, () =>
    engineApi.removeStack(engine, STACK),
  );
  // A removed stack's tasks leave a moment later; wait for them, as the next deploy would have to.
  for (let t = 0; t < 120; t++) {
    const left = await engine.docker.listContainers({ all: true, filters: { label: [`com.docker.stack.namespace=${STACK}`] } });
    if (left.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function counts(engine, events) {
  // Only this run's own deployments, so a compose run and a stack run side by side do not count each other's.
  const prefixes = [...(only.includes('compose') ? [HELLO] : []), ...(only.includes('stack') ? [STACK] : [])];
  const ours = (name) => prefixes.some((p) => name.replace(/^\//, '').startsWith(p));
  const containers = (await engine.docker.listContainers({ all: true })).filter((c) => c.Names.some(ours)).length;
  const networks = (await engine.docker.listNetworks()).filter((n) => ours(n.Name)).length;
  const volumes = ((await engine.docker.listVolumes()).Volumes ?? []).filter((v) => ours(v.Name)).length;
  globalThis.gc?.();
  return {
    containers,
    networks,
    volumes,
    handles: process.getActiveResourcesInfo().length,
    eventListeners: events.listenerCount('data') + events.listenerCount('end') + events.listenerCount('error'),
    heapMB: Number((process.memoryUsage().heapUsed / 1e6).toFixed(1)),
  };
}

const engine = await engineApi.connectEngine();
await ensureBusyboxImage(engine.docker);
const dir = mkdtempSync(join(tmpdir(), 'sk8soak-'));
cpSync(join(root, 'examples', 'hello'), join(dir, 'hello'), { recursive: true });
const ports = [await freePort(), await freePort()];
let refreshes = 0;
const events = await engineApi.followEngineEvents(
  engine.docker,
  { type: ['container', 'service', 'network'] },
  () => refreshes++,
  () => undefined,
);
const rows = [];
try {
  rows.push({ cycle: 0, ...(await counts(engine, events)) });
  for (let i = 0; i < cycles; i++) {
    const started = performance.now();
    if (only.includes('compose')) await composeCycle(engine, dir, ports, i);
    if (only.includes('stack')) await stackCycle(engine, dir, i);
    if ((i + 1) % every === 0 || i === cycles - 1) {
      rows.push({
        cycle: i + 1,
        ...(await counts(engine, events)),
        lastCycleS: ((performance.now() - started) / 1000).toFixed(1),
      });
      console.error(`cycle ${i + 1}/${cycles} ${JSON.stringify(rows.at(-1))}`);
    }
  }
} finally {
  events.destroy();
  await engineApi.composeDown(engine, HELLO, { volumes: true }).catch(() => undefined);
  await engineApi.removeStack(engine, STACK).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  await engine.dispose();
}
console.table(rows);
const first = rows[1] ?? rows[0];
const last = rows.at(-1);
const grew = ['containers', 'networks', 'volumes', 'handles', 'eventListeners'].filter((k) => last[k] > first[k]);
const heapGrowth = last.heapMB - first.heapMB;
console.log(
  `${cycles} cycle(s), ${refreshes} engine events seen; ${grew.length === 0 ? 'no growth' : `GREW: ${grew.join(', ')}`} in counts; heap ${first.heapMB} → ${last.heapMB} MB (${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)})`,
);
process.exitCode = grew.length === 0 ? 0 : 1;
