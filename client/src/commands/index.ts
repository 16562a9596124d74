import * as vscode from 'vscode';
import type { CommandRun, StevedoreContext } from '../context';
import { showEngine } from './showEngine';
import { COMMANDS, type CommandId } from '../../../server/src/service/protocol';
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
import { watch } from './watch';
import { pause, unpause } from './pause';
import { recreate } from './recreate';
import { openInBrowser } from './openInBrowser';
import { pull } from './pull';
import { inspect } from './inspect';
import { copyFrom, copyInto } from './copyFiles';
import { exportTopology, showTopology } from './showTopology';
import { showStats } from './showStats';
import { pruneImages, pruneNetworks, pruneVolumes, removeResource, tagImage } from './resources';

/** A command reads its argument (whatever VS Code passes) with `readCommandArgs` of its id. */
type Command = (ctx: StevedoreContext, arg?: unknown) => Promise<string>;

/**
 * Every command of the extension: one for each id of the protocol (server/src/service/protocol.ts, which also gives
 * each one's argument), so none is missing and none is extra. The ids match `contributes.commands` in package.json.
 */
const commands: { readonly [K in CommandId]: Command } = {
  [COMMANDS.showEngine]: showEngine,
  [COMMANDS.showServerLog]: showServerLog,
  [COMMANDS.selectEngine]: selectEngine,
  [COMMANDS.attachShellAs]: attachShellAs,
  [COMMANDS.restart]: restart,
  [COMMANDS.saveImage]: saveImage,
  [COMMANDS.removeStack]: removeStack,
  // The ids the language server's code lenses use.
  [COMMANDS.deploy]: deploy,
  [COMMANDS.scale]: scale,
  [COMMANDS.attachShell]: attachShell,
  [COMMANDS.logs]: logs,
  [COMMANDS.down]: down,
  // The Swarm Nodes view's commands.
  [COMMANDS.drainNode]: drainNode,
  [COMMANDS.activateNode]: activateNode,
  [COMMANDS.pauseNode]: pauseNode,
  [COMMANDS.addNodeLabel]: addLabel,
  [COMMANDS.removeNodeLabel]: removeLabel,
  [COMMANDS.watch]: watch,
  // Everyday actions on services and containers.
  [COMMANDS.pause]: pause,
  [COMMANDS.unpause]: unpause,
  [COMMANDS.recreate]: recreate,
  [COMMANDS.openInBrowser]: openInBrowser,
  [COMMANDS.pull]: pull,
  [COMMANDS.inspect]: inspect,
  [COMMANDS.copyInto]: copyInto,
  [COMMANDS.copyFrom]: copyFrom,
  // The Images, Volumes and Networks views' commands.
  [COMMANDS.removeResource]: removeResource,
  [COMMANDS.tagImage]: tagImage,
  [COMMANDS.pruneImages]: pruneImages,
  [COMMANDS.pruneVolumes]: pruneVolumes,
  [COMMANDS.pruneNetworks]: pruneNetworks,
  // The topology view.
  [COMMANDS.showTopology]: showTopology,
  [COMMANDS.exportTopology]: exportTopology,
  [COMMANDS.showStats]: showStats,
};

/**
 * Registers the table with one wrapper that logs, shows errors to the user (with a way to the log), and announces
 * each outcome on `onDidRun`.
 */
export function registerCommands(ctx: StevedoreContext, onDidRun: vscode.EventEmitter<CommandRun>): vscode.Disposable[] {
  return Object.entries(commands).map(([id, command]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      try {
        const message = await command(ctx, arg);
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
