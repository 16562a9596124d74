import assert from 'node:assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { OpenedShell, StevedoreApi } from '../../../client/src/context';
import { ShellTerminal } from '../../../client/src/terminals/shellTerminal';
import { ensureBusyboxImage } from '../../support/busyboxImage';
import { eventually } from '../../support/preconditions';
import { next } from './events';

/**
 * Attach Shell in a real VS Code against the real engine: the shell/user/folder choice and its memory per service,
 * the replica picker and "All replicas" (split terminals), size and resize, keys passed untouched, UTF-8 split
 * across chunks, the exit code and Enter to reconnect. Two containers labelled as compose project `sdshed`.
 */

const PROJECT = 'sdshed';
const LABEL = 'org.stevedore.shell-test';

interface Watched extends OpenedShell {
  /** Resolves with the first capture group (or the match) of `pattern` in what the terminal got since the last mark. */
  sees(pattern: RegExp): Promise<string>;
  mark(): void;
  send(text: string): void;
}

function watch(shell: OpenedShell): Watched {
  let output = '';
  shell.pty.onDidWrite((text) => (output += text));
  return {
    ...shell,
    sees: (pattern) =>
      eventually(
        () => {
          const match = pattern.exec(output);
          return match ? (match[1] ?? match[0]) : undefined;
        },
        { timeout: 20_000, interval: 30, what: `${pattern} in the terminal` },
      ).catch((error: Error) => {
        throw new Error(`${error.message}; it ends ${JSON.stringify(output.slice(-400))}`);
      }),
    mark: () => (output = ''),
    send: (text) => shell.terminal.sendText(text, false),
  };
}

describe('Attach Shell in a real VS Code (sdsh)', function () {
  this.timeout(120_000);
  let api: StevedoreApi;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const ids: string[] = [];
  const terminals: vscode.Terminal[] = [];

  const remove = async (): Promise<void> => {
    for (const c of await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${PROJECT}`] } }))
      await docker.getContainer(c.Id).remove({ force: true });
  };

  /** Runs a command that opens `count` shells; accepts whatever picker it shows (pre-selected items) until they open. */
  const open = async (command: string, arg: object, count = 1, accept = false): Promise<Watched[]> => {
    const opened: Watched[] = [];
    const all = new Promise<void>((resolve) => {
      const listener = api.onDidOpenShell((shell) => {
        opened.push(watch(shell));
        terminals.push(shell.terminal);
        if (opened.length === count) {
          listener.dispose();
          resolve();
        }
      });
    });
    const run = vscode.commands.executeCommand<string | undefined>(command, arg);
    let done = false;
    void all.then(() => (done = true));
    while (accept && !done) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await Promise.race([all, new Promise((r) => setTimeout(r, 100))]);
    }
    const message = await run;
    assert.ok(message, `${command} reported no success`);
    await all;
    return opened;
  };

  before(async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    api = await extension.activate();
    await ensureBusyboxImage(docker);
    await remove();
    for (const n of [1, 2]) {
      const c = await docker.createContainer({
        name: `${PROJECT}-app-${n}`,
        Image: 'stevedore/busybox:local',
        Cmd: ['sleep', '3600'],
        Labels: {
          [LABEL]: PROJECT,
          'com.docker.compose.project': PROJECT,
          'com.docker.compose.service': 'app',
          'com.docker.compose.container-number': String(n),
        },
        HostConfig: { NetworkMode: 'none' },
      });
      await c.start();
      ids.push(c.id);
    }
    // A third replica that was created and never started.
    await docker.createContainer({
      name: `${PROJECT}-app-3`,
      Image: 'stevedore/busybox:local',
      Cmd: ['sleep', '3600'],
      Labels: {
        [LABEL]: PROJECT,
        'com.docker.compose.project': PROJECT,
        'com.docker.compose.service': 'app',
        'com.docker.compose.container-number': '3',
      },
      HostConfig: { NetworkMode: 'none' },
    });
  });
  afterEach(() => {
    for (const t of terminals.splice(0)) t.dispose();
  });
  after(remove);

  // Outputs are read after a `==` that the typed line does not contain (`=""=`), not after a line start: busybox asks
  // the terminal where its cursor is at each prompt, and an answer that comes after Enter lands before the output.
  const who = 'echo "=""=s=$0 u=$(id -u) d=$(pwd)"\r';

  it('uses a chosen shell, user and folder, and the plain Attach Shell remembers them for the service', async () => {
    const [chosen] = await open('stevedore.attachShellAs', {
      project: PROJECT,
      service: 'app',
      replica: `${PROJECT}-app-1`,
      shell: 'ash',
      user: '1234',
      workingDir: '/www',
    });
    assert.ok(chosen);
    assert.equal(chosen.terminal.name, `${PROJECT}-app-1 (shell)`);
    chosen.send(who);
    assert.equal(await chosen.sees(/==(s=\S+ u=\S+ d=\S+)\r\n/), 's=ash u=1234 d=/www');
    // Remembered per service: the other replica, through the plain command, without asking.
    const [plain] = await open('stevedore.attachShell', { project: PROJECT, service: 'app', replica: `${PROJECT}-app-2` });
    assert.ok(plain);
    plain.send(who);
    assert.equal(await plain.sees(/==(s=\S+ u=\S+ d=\S+)\r\n/), 's=ash u=1234 d=/www');
  });

  it('asks which replica, then shell, user and folder pre-filled with the remembered choice', async () => {
    const [shell] = await open('stevedore.attachShellAs', { project: PROJECT, service: 'app' }, 1, true);
    assert.ok(shell);
    // The replica picker lists app-1 first; the shell picker has the last used shell active; the inputs are pre-filled.
    assert.equal(shell.terminal.name, `${PROJECT}-app-1 (shell)`);
    shell.send(who);
    assert.equal(await shell.sees(/==(s=\S+ u=\S+ d=\S+)\r\n/), 's=ash u=1234 d=/www');
  });

  it('opens one terminal per replica, split in one group, for "All replicas"', async () => {
    const shells = await open('stevedore.attachShell', { project: PROJECT, service: 'app', replica: 'all' }, 2);
    assert.deepEqual(
      shells.map((s) => s.terminal.name),
      [`${PROJECT}-app-1 (shell)`, `${PROJECT}-app-2 (shell)`],
    );
    const location = (shells[1]?.terminal.creationOptions as vscode.ExtensionTerminalOptions).location;
    assert.ok(location && typeof location === 'object' && 'parentTerminal' in location);
    assert.equal(location.parentTerminal, shells[0]?.terminal);
    for (const [i, shell] of shells.entries()) {
      shell.send('echo "=""=host=$(hostname)"\r');
      assert.equal(await shell.sees(/==(host=\S+)\r\n/), `host=${ids[i]?.slice(0, 12)}`);
    }
  });

  it('refuses a replica that is not running, before opening a terminal', async () => {
    const refused = next(api.onDidRunCommand, (r) => r.command === 'stevedore.attachShell', 20_000, 'the refusal');
    let opened = 0;
    const listener = api.onDidOpenShell(() => opened++);
    await vscode.commands.executeCommand('stevedore.attachShell', {
      project: PROJECT,
      service: 'app',
      replica: `${PROJECT}-app-3`,
    });
    listener.dispose();
    const run = await refused;
    assert.equal(run.ok, false);
    assert.equal(run.message, `${PROJECT}-app-3 is not running (created)`);
    assert.equal(opened, 0);
  });

  it('gives the shell the terminal size, and every resize', async () => {
    const [shell] = await open('stevedore.attachShell', { project: PROJECT, service: 'app', replica: `${PROJECT}-app-1` });
    assert.ok(shell);
    shell.terminal.show();
    await shell.sees(/[#$] /);
    const size = async (): Promise<string> => {
      shell.mark();
      shell.send('echo "=""=size=$(stty size | tr " " x)"\r');
      return shell.sees(/==(size=\S+)\r\n/);
    };
    const { rows, columns } = shell.pty.dimensions;
    assert.equal(await size(), `size=${rows}x${columns}`);
    // Maximise the panel: more rows. The new size must reach the container's TTY.
    const resized = next(shell.pty.onDidSizeRemote, (d) => d.rows !== rows, 20_000, 'the resize to reach the container');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
    const now = await resized;
    assert.ok(now.rows > rows, `${now.rows} rows after maximising, ${rows} before`);
    assert.equal(await size(), `size=${now.rows}x${now.columns}`);
    await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
  });

  it('starts at the first size VS Code gives when it opened the terminal without one', async () => {
    // What VS Code does when the panel was never shown: open(undefined), then setDimensions. Driven directly.
    const pty = new ShellTerminal({ docker, containerId: ids[0] ?? '', label: 'direct', options: { shell: 'sh' } });
    const firstSize = next(pty.onDidSizeRemote, () => true, 20_000, 'the session to open');
    let output = '';
    pty.onDidWrite((text) => (output += text));
    pty.open(undefined);
    pty.setDimensions({ columns: 77, rows: 19 });
    try {
      assert.deepEqual(await firstSize, { columns: 77, rows: 19 });
      pty.handleInput('echo "size=$(stty size | tr " " x)"\r');
      await eventually(() => /size=19x77\r\n/.test(output), { timeout: 20_000, interval: 30, what: 'the size line' });
    } finally {
      pty.close();
    }
  });

  it('passes keys untouched and decodes UTF-8 split across chunks', async () => {
    const [shell] = await open('stevedore.attachShell', { project: PROJECT, service: 'app', replica: `${PROJECT}-app-1` });
    assert.ok(shell);
    await shell.sees(/[#$] /);
    // Raw mode: the container reads the bytes the keys sent (arrow up, é, Ctrl-C, Tab, €, Backspace, z), up to a `~`,
    // and prints them in hex. The keys go once the terminal is raw (`rea""dy` typed is `ready` only in the output).
    shell.send(
      'stty raw -echo; echo rea""dy; k=; while c=$(dd bs=1 count=1 2>/dev/null | od -An -tx1 | tr -d " \\n"); [ "$c" != 7e ]; do k="$k$c"; done; ' +
        'stty sane; echo "keys=$k"\r',
    );
    await shell.sees(/ready/);
    shell.mark();
    shell.send('\x1b[Aé\x03\t€\x7fz~');
    // busybox's line editor asks the terminal where the cursor is (ESC[6n) at each prompt; the terminal's answer
    // (ESC[row;colR) may reach the container just after the command started: it is the terminal's, not our keys.
    const keys = (await shell.sees(/keys=([0-9a-f]+)/)).replace(/^(1b5b(3[0-9])+3b(3[0-9])+52)+/, '');
    assert.equal(keys, '1b5b41c3a90309e282ac7f7a');
    // ✓ is e2 9c 93: its bytes leave the container in two writes, 300 ms apart.
    shell.mark();
    shell.send('printf "tick \\342\\234"; sleep 0.3; printf "\\223 done\\n"\r');
    const line = await shell.sees(/(tick [^\r\n]* done)\r\n/);
    assert.equal(line, 'tick ✓ done');
  });

  it('shows the exit code, and Enter opens a new shell', async () => {
    const [shell] = await open('stevedore.attachShell', { project: PROJECT, service: 'app', replica: `${PROJECT}-app-2` });
    assert.ok(shell);
    await shell.sees(/[#$] /);
    const exited = next(shell.pty.onDidExit, () => true, 20_000, 'the shell to exit');
    shell.send('exit 7\r');
    assert.equal(await exited, 7);
    await shell.sees(/exited with code 7; press Enter/);
    shell.mark();
    shell.send('\r');
    await shell.sees(/[#$] /);
    shell.send('echo "again-$((40+2))"\r');
    assert.equal(await shell.sees(/(again-\d+)\r\n/), 'again-42');
  });
});
