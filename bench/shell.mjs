// Shell benchmark: Stevedore's shell path against `docker exec -it CONTAINER sh`, on the same container of the same
// engine, in one run. Needs a running engine (bash test/setup/ensure-engine.sh), the docker CLI, util-linux `script`
// and a build (npm run build).
//   node bench/shell.mjs [--runs 15] [--mb 10] [--throughput-runs 5]
//
// Stevedore's path is exactly what the editor's terminal runs, minus VS Code itself: `openShell` (inspect, exec create,
// hijacked start, the size, the bash-else-sh probe) on an engine connection the extension already holds, and the
// terminal's `TerminalOutput` (streaming UTF-8 decode and write batching) writing into a sink. The docker CLI needs a
// terminal for `-it`, so it runs under `script -qfc` (util-linux), which gives it a pty and copies that pty to our
// pipe, as a terminal emulator would; what arrives is decoded with the same streaming UTF-8 decoder. Its time includes
// starting the CLI (and the `sh -c` that `script` uses to start it): that is what a user pays per `docker exec`.
//   (a) time to first prompt: from the call (Stevedore) or the spawn (docker) to busybox sh's `# ` prompt; median.
//   (b) throughput: `cat` of a 10 MB text file (ASCII and UTF-8) in the running shell, from the Enter to the end
//       marker after it; MB/s of the file's size, median. The last column is this process's CPU time during the cat:
//       for Stevedore the whole client side (engine stream, decode, batching); for docker only the reading end (the
//       CLI and `script` are other processes), so it shows what our layer costs, not a comparison.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 15);
const THROUGHPUT_RUNS = arg('--throughput-runs', 5);
const MB = arg('--mb', 10);

const engineApi = await import(join(root, 'out', 'client', 'src', 'engine', 'index.js'));
const { ensureBusyboxImage } = await import(join(root, 'out', 'test', 'support', 'busyboxImage.js'));

const NAME = 'sdsh-bench';
const FILE = '/tmp/sdsh-big.txt';
// busybox sh prints `/ # `, then asks where the cursor is (ESC[6n) and redraws the prompt.
const PROMPT = /\/ # /;
const END = 'SDSH-END-OF-CAT';
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A terminal's view of one shell: text arrives through `feed`; `until` waits for a pattern in what came since `mark`. */
function screen() {
  let text = '';
  let waiter;
  return {
    feed(chunk) {
      // Keep a tail only: a 10 MB cat must not be held, and the patterns are short.
      text = (text + chunk).slice(-4096);
      if (waiter && waiter.pattern.test(text)) {
        const w = waiter;
        waiter = undefined;
        w.resolve(performance.now());
      }
    },
    mark() {
      text = '';
    },
    until(pattern, ms = 60_000) {
      return new Promise((resolve, reject) => {
        if (pattern.test(text)) return resolve(performance.now());
        const timer = setTimeout(
          () => reject(new Error(`${pattern} not seen; last output ${JSON.stringify(text.slice(-200))}`)),
          ms,
        );
        waiter = {
          pattern,
          resolve: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
        };
      });
    },
  };
}

/** Stevedore: openShell on the held connection, output through TerminalOutput as the Pseudoterminal does. */
async function stevedoreShell(engine, options = {}) {
  const view = screen();
  const started = performance.now();
  const session = await engineApi.openShell(engine.docker, NAME, { columns: 120, rows: 40, ...options });
  const output = new engineApi.TerminalOutput((t) => view.feed(t));
  session.stream.on('data', (chunk) => output.push(chunk));
  const prompt = await view.until(PROMPT);
  return {
    firstPrompt: prompt - started,
    view,
    send: (line) => session.stream.write(`${line}\r`),
    close: async () => {
      session.stream.write('exit\r');
      await session.exitCode();
      session.stream.destroy();
    },
  };
}

/** The docker CLI under a pty from `script`; its output decoded as a terminal would. */
async function dockerShell() {
  const view = screen();
  const started = performance.now();
  const child = spawn('script', ['-qfE', 'never', '-c', `docker exec -it ${NAME} sh`, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, SHELL: '/bin/sh' },
  });
  const decoder = new TextDecoder('utf-8');
  child.stdout.on('data', (chunk) => view.feed(decoder.decode(chunk, { stream: true })));
  const closed = new Promise((resolve) => child.once('close', resolve));
  const prompt = await view.until(PROMPT);
  return {
    firstPrompt: prompt - started,
    view,
    send: (line) => child.stdin.write(`${line}\r`),
    close: async () => {
      child.stdin.write('exit\r');
      await closed;
    },
  };
}

async function throughput(shell) {
  shell.view.mark();
  // The marker is split in the command line so that only the echo's output matches it, not the typed line.
  const sent = performance.now();
  const cpu = process.cpuUsage();
  shell.send(`cat ${FILE}; echo SDSH-END-"OF-CAT"`);
  const done = await shell.view.until(new RegExp(`${END}\\r?\\n`), 300_000);
  const used = process.cpuUsage(cpu);
  return { rate: (MB * 1024 * 1024) / 1e6 / ((done - sent) / 1000), cpuMs: (used.user + used.system) / 1000 };
}

async function main() {
  const engine = await engineApi.connectEngine();
  await ensureBusyboxImage(engine.docker);
  await engine.docker
    .getContainer(NAME)
    .remove({ force: true })
    .catch(() => undefined);
  const container = await engine.docker.createContainer({
    name: NAME,
    Image: 'stevedore/busybox:local',
    Cmd: ['sleep', '3600'],
    Labels: { 'org.stevedore.shell-test': 'sdsh-bench' },
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    // 10 MB of text: 64-byte ASCII lines with one UTF-8 line in eight.
    const lines =
      'The quick brown fox jumps over the lazy dog 0123456789 abcdefgh\\nÜber Straße: ünïcödé ✓ — 漢字 テキスト ok\\n';
    const made = await engineApi.runExec(
      container,
      [
        'sh',
        '-c',
        `while :; do printf "${lines}${lines}${lines}${lines}"; done | head -c ${MB * 1024 * 1024} > ${FILE}; wc -c < ${FILE}`,
      ],
      { tty: true },
    );
    if (made.exitCode !== 0 || Number(made.output.trim()) !== MB * 1024 * 1024)
      throw new Error(`cannot make the file: ${made.output}`);

    const kinds = {
      'Stevedore (bash, else sh)': () => stevedoreShell(engine),
      'Stevedore (sh chosen)': () => stevedoreShell(engine, { shell: 'sh' }),
      'docker exec -it … sh': () => dockerShell(),
    };
    const prompts = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    const rates = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    const cpu = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    // Warm-up (first exec, first CLI start), then interleaved runs so that noise hits every kind alike.
    for (const open of Object.values(kinds)) await (await open()).close();
    for (let i = 0; i < RUNS; i++)
      for (const [kind, open] of Object.entries(kinds)) {
        const shell = await open();
        prompts[kind].push(shell.firstPrompt);
        if (i < THROUGHPUT_RUNS) {
          const { rate, cpuMs } = await throughput(shell);
          rates[kind].push(rate);
          cpu[kind].push(cpuMs);
        }
        await shell.close();
      }
    const docker = median(prompts['docker exec -it … sh']);
    const dockerRate = median(rates['docker exec -it … sh']);
    console.log(`\nshell bench: ${RUNS} runs (first prompt), ${THROUGHPUT_RUNS} runs (cat of ${MB} MB), medians\n`);
    console.log('| path | time to first prompt | ratio to docker | throughput | ratio to docker | CPU of this process per cat |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const kind of Object.keys(kinds)) {
      const p = median(prompts[kind]);
      const r = median(rates[kind]);
      console.log(
        `| ${kind} | ${p.toFixed(1)} ms | ${(p / docker).toFixed(2)}× | ${r.toFixed(1)} MB/s | ${(r / dockerRate).toFixed(2)}× | ${median(cpu[kind]).toFixed(0)} ms |`,
      );
    }
    const cold = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const fresh = await engineApi.connectEngine();
      const shell = await stevedoreShell(fresh);
      cold.push(performance.now() - started);
      await shell.close();
      await fresh.dispose();
    }
    console.log(
      `\nStevedore with a new engine connection first (connect + negotiate + shell): ${median(cold).toFixed(1)} ms (median of 5)`,
    );
  } finally {
    await container.remove({ force: true });
    await engine.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
