import type Docker from 'dockerode';

/**
 * A container stuck restarting (a crash loop): how it last ended and what it last said, so the tree, the lens and
 * `ps` can show why instead of a bare "restarting". Read only for containers the engine reports as restarting.
 */
export interface CrashInfo {
  readonly exitCode: number;
  readonly restarts: number;
  /** Its last log lines (stdout and stderr), at most three. */
  readonly lastLines: readonly string[];
}

/** Docker's multiplexed log frames (8-byte header: stream, 0, 0, 0, size) to text; a TTY container's logs are raw. */
function demux(buffer: Buffer, tty: boolean): string {
  if (tty) return buffer.toString('utf8');
  let text = '';
  for (let at = 0; at + 8 <= buffer.length;) {
    const size = buffer.readUInt32BE(at + 4);
    text += buffer.subarray(at + 8, at + 8 + size).toString('utf8');
    at += 8 + size;
  }
  return text;
}

export async function crashInfo(docker: Docker, id: string): Promise<CrashInfo | undefined> {
  try {
    const container = docker.getContainer(id);
    const info = await container.inspect();
    // Started again between the list and the inspect: its exit code is reset, so there is nothing true to say yet.
    if (!info.State.Restarting) return undefined;
    const logs = await container.logs({ stdout: true, stderr: true, tail: 3, follow: false });
    const lastLines = demux(Buffer.from(logs), info.Config.Tty)
      .split(/\r?\n/)
      .map((line) => line.trimEnd())
      .filter(Boolean)
      .slice(-3);
    return { exitCode: info.State.ExitCode, restarts: info.RestartCount, lastLines };
  } catch {
    // Gone or unreadable meanwhile: shown as the engine listed it.
    return undefined;
  }
}

/** `restarting · exit code 3 · 12 restarts`, the state as the tree and `ps` word it. */
export function describeCrash(crash: CrashInfo): string {
  return `restarting · exit code ${crash.exitCode} · ${crash.restarts} restart${crash.restarts === 1 ? '' : 's'}`;
}
