import * as vscode from 'vscode';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import { copyFromContainer, copyIntoContainer } from '../engine';
import type { StevedoreContext } from '../context';
import { Cancelled, containerTarget } from '../targets';

/**
 * Stevedore: Copy into Container… and Copy from Container…: a host file or folder into a container's folder, or a
 * container's file or folder into a host folder, through the engine's archive API. The paths come from the argument
 * (`hostPath`, `containerPath`) or are asked (an open dialog on the host side, an input box on the container side).
 */

async function ask(value: string | undefined, prompt: string, fallback: string): Promise<string> {
  if (value) return value;
  const typed = await vscode.window.showInputBox({
    prompt,
    value: fallback,
    validateInput: (v) => (v.startsWith('/') ? undefined : 'an absolute path'),
  });
  if (!typed) throw new Cancelled();
  return typed;
}

async function pickHost(value: string | undefined, folders: boolean, title: string): Promise<string> {
  if (value) return value;
  const [picked] =
    (await vscode.window.showOpenDialog({ canSelectFiles: !folders, canSelectFolders: true, canSelectMany: false, title })) ?? [];
  if (!picked) throw new Cancelled();
  return picked.fsPath;
}

export async function copyInto(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const args = readCommandArgs(COMMANDS.copyInto, arg);
  const engine = await ctx.engines.get();
  const target = await containerTarget(engine, arg);
  const hostPath = await pickHost(args.hostPath, false, `Copy into ${target.label}`);
  const containerPath = await ask(args.containerPath, `Folder in ${target.label} to copy into`, '/tmp');
  const files = await copyIntoContainer(engine, target.id, hostPath, containerPath);
  return `copied ${files} file${files === 1 ? '' : 's'} into ${target.label}:${containerPath}`;
}

export async function copyFrom(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const args = readCommandArgs(COMMANDS.copyFrom, arg);
  const engine = await ctx.engines.get();
  const target = await containerTarget(engine, arg);
  const containerPath = await ask(args.containerPath, `File or folder of ${target.label} to copy out`, '/');
  const hostPath = await pickHost(args.hostPath, true, `Copy ${containerPath} into which folder?`);
  const written = await copyFromContainer(engine, target.id, containerPath, hostPath);
  return `copied ${target.label}:${containerPath} into ${hostPath} (${written.length} entr${written.length === 1 ? 'y' : 'ies'})`;
}
