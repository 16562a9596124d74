// Runs the test tiers in order and ends with one summary line, `tests: N passed, N failed`.
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

// Each command runs in its own process group (so the watchdog can end all of it); Ctrl-C ends the current one too.
let current;
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    if (current) {
      try {
        process.kill(-current.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });

/** Runs a command; past `limitMinutes` (the tier's whole budget, beyond the per-test timeouts) it is killed. */
function run(command, args, capture, limitMinutes = 15) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
      detached: true,
    });
    current = child;
    const watchdog = setTimeout(() => {
      console.log(`\n${command} ${args.at(-1)}: still running after ${limitMinutes} min; killed`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, limitMinutes * 60_000);
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

const selected = process.argv.slice(2);
for (const name of selected)
  if (!(name in tiers)) throw new Error(`unknown tier ${name}; tiers: ${Object.keys(tiers).join(', ')}`);
const total = { passed: 0, failed: 0, skipped: 0 };
const failedTiers = [];
for (const [name, tier] of Object.entries(tiers)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  console.log(`\n=== ${name} tests ===`);
  const started = Date.now();
  if (tier.setup) {
    const setup = await run(...tier.setup, false);
    if (setup.code !== 0) {
      console.log(`${name}: set-up failed (exit ${setup.code}); the tier counts as failed`);
      failedTiers.push(name);
      total.failed++;
      continue;
    }
  }
  let output = '';
  let code = 0;
  for (const [command, args] of tier.commands) {
    const result = await run(command, args, true, tier.limitMinutes);
    output += result.output;
    code ||= result.code;
  }
  const counts = tier.count(output);
  if (!counts || (counts.passed === 0 && counts.failed === 0)) {
    console.log(`${name}: ran no test (exit ${code}); the tier counts as failed`);
    failedTiers.push(name);
    total.failed++;
    continue;
  }
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  if (code !== 0 || counts.failed > 0) failedTiers.push(name);
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
if (failedTiers.length > 0) console.log(`\nfailed tiers: ${failedTiers.join(', ')}`);
if (total.skipped > 0) console.log(`${total.skipped} test(s) skipped: a skipped test is not a passed test`);
console.log(`\ntests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exitCode = failedTiers.length > 0 || total.skipped > 0 ? 1 : 0;
