import * as vscode from 'vscode';
import type { Readable } from 'node:stream';
import { followEngineEvents, followLogs, followServiceLogs, listComposeProjects, type LogFollowOptions } from '../engine';
import type { StevedoreContext } from '../context';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import { serviceTarget } from '../targets';

/**
 * Stevedore: Show Logs. A terminal that follows a service's logs, every replica merged with its name as prefix,
 * and keeps following across restarts and new replicas (the engine's start events, not polling). A stack service's
 * logs (or one task's, from a tree item) come through the manager, from every node.
 */
export async function logs(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const { task, label } = readCommandArgs(COMMANDS.logs, arg);
  const target = task ? { task, service: label ?? task.slice(0, 12) } : await serviceTarget(engine, arg);
  const follow = (options: Pick<LogFollowOptions, 'onLine' | 'onNote'>): ReturnType<typeof followLogs> => {
    if ('task' in target) return followServiceLogs(engine.docker, { task: target.task, ...options });
    if (target.deployment.kind === 'stack')
      return followServiceLogs(engine.docker, { service: `${target.deployment.name}_${target.service}`, ...options });
    const labels = [`com.docker.compose.project=${target.deployment.name}`, `com.docker.compose.service=${target.service}`];
    return followLogs(engine.docker, { labels, ...options });
  };
  const write = new vscode.EventEmitter<string>();
  let written = '';
  // The last 64 KB, for the API (tests read what the terminal shows); a long-running follower keeps no more.
  write.event((text) => (written = (written + text).slice(-65_536)));
  const colors = ['36', '33', '35', '32', '34'];
  const sources = new Map<string, string>();
  let follower: ReturnType<typeof followLogs> | undefined;
  const rename = new vscode.EventEmitter<string>();
  let gone = false;
  let closed = false;
  let removals: Readable | undefined;
  // A compose project taken down (Down, or removed elsewhere) leaves nothing to follow: the terminal says so in its
  // name and its last line, rather than waiting silently for containers that will not come back.
  const markIfGone = async (): Promise<void> => {
    if (gone || closed || 'task' in target || target.deployment.kind !== 'compose') return;
    const project = target.deployment.name;
    if ((await listComposeProjects(engine.docker)).some((p) => p.name === project) || closed) return;
    gone = true;
    write.fire(`\x1b[33m-- project ${project} is gone: nothing more to follow; close this terminal\x1b[0m\r\n`);
    rename.fire(`${target.service} (logs) · ${project} gone`);
  };
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidChangeName: rename.event,
    open: () => {
      follower = follow({
        onLine: (line) => {
          const color = sources.get(line.source) ?? colors[sources.size % colors.length] ?? '36';
          sources.set(line.source, color);
          write.fire(`\x1b[${color}m${line.source}\x1b[0m | ${line.text}\r\n`);
        },
        onNote: (note) => write.fire(`\x1b[2m-- ${note}\x1b[0m\r\n`),
      });
      if (!('task' in target) && target.deployment.kind === 'compose') {
        const labels = [`com.docker.compose.project=${target.deployment.name}`];
        void followEngineEvents(
          engine.docker,
          { type: ['container'], event: ['destroy'], label: labels },
          () => void markIfGone().catch(() => undefined),
          () => undefined,
        ).then(
          (stream) => {
            if (closed) stream.destroy();
            else removals = stream;
          },
          () => undefined,
        );
      }
      follower.ready.catch((error: unknown) =>
        write.fire(`\x1b[31mcannot follow logs: ${error instanceof Error ? error.message : String(error)}\x1b[0m\r\n`),
      );
    },
    close: () => {
      closed = true;
      follower?.stop();
      removals?.destroy();
      write.dispose();
      rename.dispose();
    },
    handleInput: () => undefined,
  };
  const terminal = vscode.window.createTerminal({
    name: `${target.service} (logs)`,
    pty,
    iconPath: new vscode.ThemeIcon('output'),
  });
  terminal.show();
  ctx.logs.fire({ terminal, written: () => written });
  return `following the logs of ${target.service}`;
}
