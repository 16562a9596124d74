import * as vscode from 'vscode';
import type { StevedoreContext } from '../context';
import { shellPlace } from '../taskTargets';
import { ShellTerminal } from '../terminals/shellTerminal';

/**
 * Stevedore: Attach Shell. A terminal over an exec session in the chosen container: no docker CLI, no host shell.
 * The shell (bash, else sh, or the `stevedore.shell.command` setting) starts in one round trip. A swarm task on
 * another node is reached through that node's own engine (`stevedore.swarm.nodeEndpoints`).
 */
export async function attachShell(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  // A container here, or a swarm task on any node (through that node's engine from stevedore.swarm.nodeEndpoints).
  const target = await shellPlace(engine, arg);
  const shell = vscode.workspace.getConfiguration('stevedore.shell').get<string>('command')?.trim();
  const user = vscode.workspace.getConfiguration('stevedore.shell').get<string>('user')?.trim();
  const pty = new ShellTerminal({
    docker: target.docker,
    containerId: target.containerId,
    label: target.label,
    options: { ...(shell ? { shell } : {}), ...(user ? { user } : {}) },
  });
  const terminal = vscode.window.createTerminal({
    name: `${target.label} (shell)`,
    pty,
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  const closed = vscode.window.onDidCloseTerminal((t) => {
    if (t !== terminal) return;
    closed.dispose();
    void target.release();
  });
  terminal.show();
  ctx.shells.fire({ terminal, pty });
  return `shell opened in ${target.label}`;
}
