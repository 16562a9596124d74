import * as vscode from 'vscode';
import type { CommandRun, StevedoreContext } from '../context';
import { showEngine } from './showEngine';
import { COMMANDS } from '../../../server/src/service/protocol';
import { Cancelled } from '../targets';
import { attachShell, attachShellAs } from './attachShell';
import { deploy } from './deploy';
import { down, removeStack } from './down';
import { logs } from './logs';
import { restart } from './restart';
import { saveImage } from './saveImage';
import { scale } from './scale';
import { selectEngine } from './selectEngine';
import { showServerLog } from './showServerLog';
import { activateNode, drainNode, pauseNode } from './nodeAvailability';
import { addLabel, removeLabel } from './nodeLabels';

type Command = (ctx: StevedoreContext, ...args: unknown[]) => Promise<string>;

/** Every command of the extension. The ids must match `contributes.commands` in package.json. */
const commands: Readonly<Record<string, Command>> = {
  'stevedore.showEngine': showEngine,
  'stevedore.showServerLog': showServerLog,
  'stevedore.selectEngine': selectEngine,
  'stevedore.attachShellAs': attachShellAs,
  'stevedore.restart': restart,
  'stevedore.saveImage': saveImage,
  'stevedore.removeStack': removeStack,
  // The ids the language server's code lenses use (server/src/service/protocol.ts).
  [COMMANDS.deploy]: deploy,
  [COMMANDS.scale]: scale,
  [COMMANDS.attachShell]: attachShell,
  [COMMANDS.logs]: logs,
  [COMMANDS.down]: down,
  // The Swarm Nodes view's commands.
  'stevedore.nodes.drain': drainNode,
  'stevedore.nodes.activate': activateNode,
  'stevedore.nodes.pause': pauseNode,
  'stevedore.nodes.addLabel': addLabel,
  'stevedore.nodes.removeLabel': removeLabel,
};

/**
 * Registers the table with one wrapper that logs, shows errors to the user (with a way to the log), and announces
 * each outcome on `onDidRun`.
 */
export function registerCommands(ctx: StevedoreContext, onDidRun: vscode.EventEmitter<CommandRun>): vscode.Disposable[] {
  return Object.entries(commands).map(([id, command]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        const message = await command(ctx, ...args);
        onDidRun.fire({ command: id, ok: true, message });
        return message;
      } catch (error) {
        if (error instanceof Cancelled) {
          onDidRun.fire({ command: id, ok: false, message: 'cancelled' });
          return undefined;
        }
        const message = error instanceof Error ? error.message : String(error);
        ctx.output.error(`${id}: ${message}`);
        onDidRun.fire({ command: id, ok: false, message });
        // An error that names a setting to fill (a node's engine endpoint) offers to open it.
        const setting = (error as { setting?: unknown }).setting;
        const actions = typeof setting === 'string' ? ['Open Settings', 'Show Log'] : ['Show Log'];
        void vscode.window.showErrorMessage(message, ...actions).then((pick) => {
          if (pick === 'Show Log') ctx.output.show(true);
          else if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', setting);
        });
        return undefined;
      }
    }),
  );
}
