// Runs the test tiers (the engine and cluster tiers side by side) and ends with one summary line,
// `tests: N passed, N failed`.
//   node test/run.mjs                 all five tiers
//   node test/run.mjs unit lsp        only those
// Expects a build (npm test builds first). The engine, cluster and editor tiers first make sure their real
// components are there (test/setup/*.sh): a Docker engine with Swarm, code-server and Chromium; the cluster tier runs
// a three-node swarm lab as root. Nothing is skipped: a tier whose set-up fails counts as failed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'out', 'test');

/**
 * Node's test runner, spec output on the terminal and TAP into a file we count from. `testTimeout` is each test's
 * limit (a hung engine call fails that one test, not the run).
 */
const nodeTests = (tier, testTimeout, extra = []) => {
  const tap = join(tmpdir(), `stevedore-${tier}-${process.pid}.tap`);
  return {
    commands: [
      [
        process.execPath,
        [
          '--test',
          `--test-timeout=${testTimeout}`,
          ...extra,
          '--test-reporter=spec',
          '--test-reporter-destination=stdout',
          '--test-reporter=tap',
          `--test-reporter-destination=${tap}`,
          join(out, tier),
        ],
      ],
    ],
    count: () => {
      if (!existsSync(tap)) return undefined;
      const text = readFileSync(tap, 'utf8');
      rmSync(tap);
      const num = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
      return { passed: num('pass'), failed: num('fail') + num('cancelled'), skipped: num('skipped') + num('todo') };
    },
  };
};

const tiers = {
  unit: { ...nodeTests('unit', 120_000), limitMinutes: 10 },
  lsp: { ...nodeTests('lsp', 120_000), limitMinutes: 10 },
  engine: { ...nodeTests('engine', 240_000), limitMinutes: 20, setup: ['bash', [join(root, 'test/setup/ensure-engine.sh')]] },
  // A three-node swarm lab (test/setup/swarm-lab.sh) that the tests bring up and remove; one file at a time, since
  // they share the lab's name.
  cluster: {
    ...nodeTests('cluster', 300_000, ['--test-concurrency=1']),
    limitMinutes: 20,
    setup: ['bash', [join(root, 'test/setup/ensure-engine.sh')]],
  },
  editor: {
    limitMinutes: 25,
    // The editor suites deploy to the engine and a lab too: both set-ups, so the tier runs alone on a bare machine.
    setup: [
      'bash',
      ['-c', 'bash "$0" && bash "$1"', join(root, 'test/setup/ensure-engine.sh'), join(root, 'test/setup/ensure-editor.sh')],
    ],
    commands: [[process.execPath, [join(out, 'editor', 'runTests.js')]]],
    count: (output) => {
      // One summary line per suite run in the editor (source tree, then the installed .vsix).
      const runs = [...output.matchAll(/^editor: (\d+) passed, (\d+) failed$/gm)];
      if (runs.length === 0) return undefined;
      return runs.reduce((sum, m) => ({ passed: sum.passed + Number(m[1]), failed: sum.failed + Number(m[2]), skipped: 0 }), {
        passed: 0,
        failed: 0,
        skipped: 0,
      });
    },
  },
};

// Each command runs in its own process group (so the watchdog can end all of it); Ctrl-C ends the running ones too.
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const child of running) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });

/**
 * Runs a command; past `limitMinutes` (the tier's whole budget, beyond the per-test timeouts) it is killed. With
 * `capture` its standard output is returned too; `live` also passes both streams through as they come, otherwise
 * standard error is kept with the output.
 */
function run(command, args, capture, limitMinutes = 15, live = true) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', live ? 'inherit' : 'pipe'],
      detached: true,
    });
    running.add(child);
    const watchdog = setTimeout(() => {
      const line = `\n${command} ${args.at(-1)}: still running after ${limitMinutes} min; killed`;
      if (live) console.log(line);
      else output += line;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, limitMinutes * 60_000);
    let output = '';
    let errors = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (live) process.stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk) => (errors += chunk));
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      running.delete(child);
      resolve({ code: code ?? (signal ? 1 : 0), output: errors ? `${output}\n${errors}` : output });
    });
  });
}

const selected = process.argv.slice(2);
for (const name of selected)
  if (!(name in tiers)) throw new Error(`unknown tier ${name}; tiers: ${Object.keys(tiers).join(', ')}`);

/** The set-ups started so far, by command: each runs once. */
const setups = new Map();

/**
 * Runs one tier: its set-up, its commands, its counts. `live` streams its output; a tier that runs beside another
 * keeps its output and prints it whole when it ends, so the two never interleave.
 */
async function runTier(name, tier, live) {
  const started = Date.now();
  const lines = [];
  const say = (text) => (live ? console.log(text) : lines.push(text));
  say(`\n=== ${name} tests ===`);
  const finish = (result) => {
    if (!live) console.log(lines.join('\n'));
    return result;
  };
  if (tier.setup) {
    // Tiers side by side share one run of a set-up they have in common (two engine installs must never race).
    const key = JSON.stringify(tier.setup);
    if (!setups.has(key)) setups.set(key, run(...tier.setup, !live, 15, live));
    const setup = await setups.get(key);
    if (!live && setup.output) lines.push(setup.output.trimEnd());
    if (setup.code !== 0) {
      say(`${name}: set-up failed (exit ${setup.code}); the tier counts as failed`);
      return finish({ name, failed: true, counts: { passed: 0, failed: 1, skipped: 0 } });
    }
  }
  let output = '';
  let code = 0;
  for (const [command, args] of tier.commands) {
    const result = await run(command, args, true, tier.limitMinutes, live);
    output += result.output;
    code ||= result.code;
  }
  if (!live) lines.push(output.trimEnd());
  const counts = tier.count(output);
  if (!counts || (counts.passed === 0 && counts.failed === 0)) {
    say(`${name}: ran no test (exit ${code}); the tier counts as failed`);
    return finish({ name, failed: true, counts: { passed: 0, failed: 1, skipped: 0 } });
  }
  say(`${name}: ${counts.passed} passed, ${counts.failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return finish({ name, failed: code !== 0 || counts.failed > 0, counts });
}

// Stages run in order; the tiers of one stage run side by side. The engine tier works on the machine's dockerd and
// the cluster tier on its own lab engines in network namespaces, so they do not meet; both mostly wait on engines.
// The editor tier uses both the engine and a lab, and runs alone.
const stages = [['unit'], ['lsp'], ['engine', 'cluster'], ['editor']];
const total = { passed: 0, failed: 0, skipped: 0 };
const failedTiers = [];
for (const stage of stages) {
  const names = stage.filter((name) => selected.length === 0 || selected.includes(name));
  const results = await Promise.all(names.map((name, i) => runTier(name, tiers[name], i === 0)));
  for (const result of results) {
    total.passed += result.counts.passed;
    total.failed += result.counts.failed;
    total.skipped += result.counts.skipped;
    if (result.failed) failedTiers.push(result.name);
  }
}
if (failedTiers.length > 0) console.log(`\nfailed tiers: ${failedTiers.join(', ')}`);
if (total.skipped > 0) console.log(`${total.skipped} test(s) skipped: a skipped test is not a passed test`);
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exitCode = failedTiers.length > 0 || total.skipped > 0 ? 1 : 0;
