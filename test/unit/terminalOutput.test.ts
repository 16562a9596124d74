import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { shellCommand, TerminalOutput } from '../../client/src/engine';

/** The shell's output layer and probe command, without an engine. */

const text = 'ascii é ✓ 漢字 🚢 end';
const bytes = Buffer.from(text, 'utf8');

function collect(batchMs = 1): { output: TerminalOutput; writes: string[] } {
  const writes: string[] = [];
  return { output: new TerminalOutput((t) => writes.push(t), batchMs), writes };
}

describe('terminal output', () => {
  it('keeps every character whole wherever the chunks split it', () => {
    for (let cut = 1; cut < bytes.length; cut++)
      for (let second = cut; second < bytes.length; second++) {
        const { output, writes } = collect();
        output.push(bytes.subarray(0, cut));
        output.push(bytes.subarray(cut, second));
        output.push(bytes.subarray(second));
        output.end();
        assert.equal(writes.join(''), text, `cut at ${cut} and ${second}`);
      }
  });

  it('writes one batch for chunks that arrive together, and nothing for an empty decode', async () => {
    const { output, writes } = collect(5);
    for (const byte of bytes) output.push(Uint8Array.of(byte));
    assert.deepEqual(writes, []);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(writes, [text]);
    output.push(Uint8Array.of(0xe2)); // half a character: nothing to write yet
    output.flush();
    assert.deepEqual(writes, [text]);
    output.end();
    assert.deepEqual(writes, [text, '\ufffd']);
  });

  it('flush writes what waits at once', () => {
    const { output, writes } = collect(1000);
    output.push(Buffer.from('a'));
    output.push(Buffer.from('b'));
    output.flush();
    assert.deepEqual(writes, ['ab']);
  });
});

describe('shell probe command', () => {
  it('passes the candidates as argv after the script', () => {
    const [sh, c, script, name, note, ...candidates] = shellCommand({});
    assert.deepEqual([sh, c, name, note, candidates], ['/bin/sh', '-c', 'stevedore-shell', '', ['bash', 'sh']]);
    assert.doesNotMatch(script ?? '', /bash/);
    assert.deepEqual(shellCommand({ shell: ' zsh ' }).slice(3), ['stevedore-shell', '1', 'zsh', 'sh']);
    assert.deepEqual(shellCommand({ shell: 'pwsh' }, true), ['pwsh']);
    assert.deepEqual(shellCommand({}, true), ['cmd.exe']);
  });

  it('picks the first candidate the host sh finds, and notes only a chosen one that is missing', () => {
    // The probe is POSIX sh: run it here with `echo` standing in for a shell to see what it would exec.
    const probe = (candidates: string[], note: string): { out: string; err: string } => {
      const [, , script] = shellCommand({});
      const r = spawnSync(
        '/bin/sh',
        ['-c', `${script ?? ''}`.replace(/exec "\$s"/, 'echo "would exec $s"; exit'), 'x', note, ...candidates],
        {
          encoding: 'utf8',
        },
      );
      return { out: r.stdout.trim(), err: r.stderr.trim() };
    };
    assert.deepEqual(probe(['no-such-shell-sdsh', 'sh'], '1'), {
      out: 'would exec sh',
      err: 'no-such-shell-sdsh not found; using sh',
    });
    assert.deepEqual(probe(['no-such-shell-sdsh', 'sh'], ''), { out: 'would exec sh', err: '' });
    assert.deepEqual(probe(['sh', 'no-such-shell-sdsh'], '1'), { out: 'would exec sh', err: '' });
  });
});
