import * as vscode from 'vscode';
import type { StevedoreContext } from '../context';
import { containerTarget } from '../targets';
import { ShellTerminal } from '../terminals/shellTerminal';

/**
 * Stevedore: Attach Shell. A terminal over an exec session in the chosen container: no docker CLI, no host shell.
 * The shell (bash, else sh, or the `stevedore.shell.command` setting) starts in one round trip.
 */
export async function attachShell(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const target = await containerTarget(engine, arg);
  const shell = vscode.workspace.getConfiguration('stevedore.shell').get<string>('command')?.trim();
  const user = vscode.workspace.getConfiguration('stevedore.shell').get<string>('user')?.trim();
  const pty = new ShellTerminal({
    docker: engine.docker,
    containerId: target.id,
    label: target.label,
    options: { ...(shell ? { shell } : {}), ...(user ? { user } : {}) },
  });
  const terminal = vscode.window.createTerminal({
    name: `${target.label} (shell)`,
    pty,
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  ctx.shells.fire({ terminal, pty });
  return `shell opened in ${target.label}`;
}
