import { deploymentName } from '@stevedore/model';
import * as vscode from 'vscode';
import { createFsHost } from '../../../server/src/fsHost';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import { enginePort, runDeploy, type DeployOutcome } from '../engine';
import type { StevedoreContext } from '../context';
import { Cancelled, fileTarget } from '../targets';
import {
  editorDeployUi,
  rememberDeployKind,
  rememberedDeployKind,
  rememberedProfiles,
  rememberProfiles,
  showPlanPick,
  subjectOf,
} from './deployUi';

export { rememberedDeployKind, rememberedProfiles } from './deployUi';

/**
 * Stevedore: Deploy (the palette, the editor title and the code lenses): an adapter over the engine's deploy use case.
 * The active compose file becomes a compose project on the engine, a stack file a swarm stack; a compose file a swarm
 * could also run as a stack asks which (remembered per file in the workspace state), and one that declares profiles
 * which of them to enable (remembered too). The plan is shown first, one
 * line per operation with its reason, and applied only when accepted; progress per step in a notification, every step
 * in the output channel, a summary at the end, and on failure the output channel opened at the error (the command
 * wrapper's notification has "Show Log").
 */

/** A stack file's stack, named after its folder as Deploy and the code lens name it. */
export const stackNameOf = (uri: vscode.Uri): string => deploymentName({ kind: 'stack', file: uri.fsPath });

export async function deploy(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const { uri, kind: fileKind } = await fileTarget(arg);
  const engine = await ctx.engines.get();
  const state = ctx.extension.workspaceState;
  // A stack file is always a stack; for a compose file, the `as` given (remembered) or the one remembered.
  const args = readCommandArgs(COMMANDS.deploy, arg);
  const given = fileKind === 'compose' ? args.as : undefined;
  if (given) await rememberDeployKind(state, uri, given);
  const as = fileKind === 'compose' ? (given ?? rememberedDeployKind(state, uri)) : undefined;
  // Profiles given are used and remembered; a deploy of named services takes the remembered ones; else it asks.
  if (args.profiles) await rememberProfiles(state, uri, args.profiles);
  const profiles = args.profiles ?? (args.services && args.services.length > 0 ? rememberedProfiles(state, uri) : undefined);
  try {
    const outcome = await runDeploy(
      {
        host: createFsHost(),
        files: [uri.fsPath],
        fileKind,
        ...(as ? { as } : {}),
        load: { environment: process.env, ...(profiles ? { profiles: [...profiles] } : {}) },
        services: [...(args.services ?? [])],
      },
      enginePort(engine, 'VS Code'),
      editorDeployUi(ctx, uri),
    );
    const message = await messageOf(outcome);
    void vscode.window.showInformationMessage(message);
    return message;
  } catch (error) {
    if (!(error instanceof Cancelled)) {
      ctx.output.error(
        `deploy of ${vscode.workspace.asRelativePath(uri)} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      ctx.output.show(true);
    }
    throw error;
  }
}

/** The outcome in the editor's words: the summary to show, or the error the command wrapper reports. */
async function messageOf(outcome: DeployOutcome): Promise<string> {
  switch (outcome.status) {
    case 'declined':
    case 'data-loss':
      throw new Cancelled();
    case 'unloadable':
      throw new Error(
        `the ${outcome.target.kind === 'stack' ? 'stack file' : 'project'} cannot be loaded: ${outcome.problems.map((p) => p.message).join('; ')}`,
      );
    case 'refused':
    case 'locked':
      throw new Error(outcome.message);
    case 'blocked':
      // The plan's quick pick lists the blockers and has no Apply.
      await showPlanPick(outcome.preview);
      throw new Cancelled();
    case 'up-to-date':
    case 'dry-run':
      return `${subjectOf(outcome.preview)} is up to date`;
    case 'failed':
      throw new Error(`${outcome.applied.failed ?? 'failed'}; done before it: ${outcome.applied.done.join('; ') || 'nothing'}`);
    case 'not-converged':
      throw new Error(`stack ${outcome.preview.target.name} deployed, but not converged: ${outcome.message}`);
    case 'deployed': {
      const { target, scope } = outcome.preview;
      if (target.kind === 'stack') return `stack ${target.name} deployed: ${outcome.converged ?? ''}`;
      const ran = scope && scope.order.length > 0 ? ` (services ${scope.order.join(', ')})` : '';
      return `project ${target.name} deployed: ${outcome.applied.done.length} change(s)${ran}`;
    }
  }
}
