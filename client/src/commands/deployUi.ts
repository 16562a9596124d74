import * as vscode from 'vscode';
import {
  describeHolder,
  type DeployPreview,
  type DeployProgress,
  type DeployTarget,
  type DeployUi,
  type DeploymentKind,
  type LockHolder,
} from '../engine';
import type { StevedoreContext } from '../context';

/**
 * The editor's answers to the deploy use case: a quick pick for compose-or-stack (remembered per file in the workspace
 * state), a multi-select of the profiles to enable (checked: the last answer for the file, else `COMPOSE_PROFILES`), the plan as a quick pick whose first item is Apply, progress in a notification, every step in the output
 * channel.
 */

const rememberKey = (uri: vscode.Uri): string => `stevedore.deployAs:${uri.toString()}`;

/** What the user chose for this file when asked compose project or swarm stack, if they were. */
export function rememberedDeployKind(state: vscode.Memento, uri: vscode.Uri): DeploymentKind | undefined {
  const value = state.get<unknown>(rememberKey(uri));
  return value === 'compose' || value === 'stack' ? value : undefined;
}

export const rememberDeployKind = (state: vscode.Memento, uri: vscode.Uri, kind: DeploymentKind): Thenable<void> =>
  state.update(rememberKey(uri), kind);

const profilesKey = (uri: vscode.Uri): string => `stevedore.deployProfiles:${uri.toString()}`;

/**
 * The profiles last enabled for this file's deploy (asked, or given as the command's `profiles`), if any: the deploy's
 * next question starts from them, a deploy of one service and the live-state lenses use them.
 */
export function rememberedProfiles(state: vscode.Memento, uri: vscode.Uri): readonly string[] | undefined {
  const value = state.get<unknown>(profilesKey(uri));
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

export const rememberProfiles = (state: vscode.Memento, uri: vscode.Uri, profiles: readonly string[]): Thenable<void> =>
  state.update(profilesKey(uri), [...profiles]);

/** ` (web and dependencies: db, web)` when only some services are deployed. */
export const scopeOf = (preview: DeployPreview): string =>
  preview.scope ? ` (${preview.scope.services.join(', ')} and dependencies: ${preview.scope.order.join(', ')})` : '';

/** `project shop (web and dependencies: db, web)` or `stack shop`. */
export const subjectOf = (preview: DeployPreview): string =>
  preview.target.kind === 'stack' ? `stack ${preview.target.name}` : `project ${preview.target.name}${scopeOf(preview)}`;

/** The plan, one item per operation; Apply first unless a blocker stops it. True when Apply was picked. */
export async function showPlanPick(preview: DeployPreview): Promise<boolean> {
  const { operations: lines, blockers } = preview;
  const apply: vscode.QuickPickItem = { label: `$(rocket) Apply`, description: `${lines.length} operation(s)`, alwaysShow: true };
  const items: vscode.QuickPickItem[] = [
    ...(blockers.length > 0 ? [] : [apply]),
    ...blockers.map((b) => ({ label: `$(error) ${b}` })),
    ...lines.map((line) => ({ label: line.split(':')[0] ?? line, detail: line.slice(line.indexOf(':') + 1).trim() })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: `Deploy ${subjectOf(preview)} to ${preview.endpoint}`,
    placeHolder: blockers.length > 0 ? 'This plan cannot be applied' : 'Apply this plan?',
    ignoreFocusOut: true,
  });
  return pick === apply;
}

function reporter(ctx: StevedoreContext, kind: DeploymentKind, progress: vscode.Progress<{ message?: string }>) {
  return (event: DeployProgress): void => {
    if (event.step === 'apply') {
      // A compose deploy names each step as it starts and logs every phase; a stack deploy shows every event.
      if (kind === 'stack' || event.phase === 'started') progress.report({ message: event.message });
      ctx.output.info(kind === 'stack' ? event.message : `${event.phase}: ${event.message}`);
    } else if (event.step === 'converge') {
      // Live: counts, the rolling update's state and the tasks' errors, in the notification and the output.
      ctx.output.info(event.services.join('\n'));
      progress.report({ message: event.services.join(' · ') });
    }
  };
}

/**
 * While a deploy waits for another's lock: a notification saying who holds it and since when (updated as it changes),
 * closed when the wait ends; each holder once in the output channel.
 */
export function lockWaitNotice(ctx: StevedoreContext): (target: DeployTarget, holder: LockHolder | undefined) => void {
  let notice: { progress: vscode.Progress<{ message?: string }>; close: () => void } | undefined;
  let last: string | undefined;
  return (target, holder) => {
    if (!holder) {
      notice?.close();
      notice = undefined;
      last = undefined;
      return;
    }
    const described = describeHolder(holder);
    if (described === last) return;
    last = described;
    const subject = `${target.kind === 'stack' ? 'stack' : 'project'} ${target.name}`;
    ctx.output.info(`waiting: ${subject} is locked (${described})`);
    if (notice) return notice.progress.report({ message: described });
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Waiting for ${subject}: locked` },
      (progress) =>
        new Promise<void>((resolve) => {
          notice = { progress, close: resolve };
          progress.report({ message: described });
        }),
    );
  };
}

export function editorDeployUi(ctx: StevedoreContext, uri: vscode.Uri): DeployUi {
  return {
    waitingForLock: lockWaitNotice(ctx),
    async chooseTarget({ compose, stack }) {
      type Choice = vscode.QuickPickItem & { deployAs: DeploymentKind };
      const choices: Choice[] = [
        { label: `$(package) Compose project ${compose.name}`, description: 'containers on this engine', deployAs: 'compose' },
        { label: `$(layers) Swarm stack ${stack.name}`, description: 'services on the swarm', deployAs: 'stack' },
      ];
      const pick = await vscode.window.showQuickPick(choices, {
        title: `Deploy ${vscode.workspace.asRelativePath(uri)} as`,
        placeHolder: 'This file can run as either; the answer is remembered for this file in this workspace',
        ignoreFocusOut: true,
      });
      if (pick) await rememberDeployKind(ctx.extension.workspaceState, uri, pick.deployAs);
      return pick?.deployAs;
    },
    async chooseProfiles({ target, declared, defaults }) {
      const checked = new Set(rememberedProfiles(ctx.extension.workspaceState, uri) ?? defaults);
      type Choice = vscode.QuickPickItem & { profile: string };
      const choices: Choice[] = declared.map((d) => ({
        label: d.profile,
        description: d.services.join(', '),
        picked: checked.has(d.profile),
        profile: d.profile,
      }));
      const picked = await vscode.window.showQuickPick(choices, {
        canPickMany: true,
        title: `Profiles to enable for project ${target.name} (remembered for this file)`,
        placeHolder: 'Services without a profile always run',
        ignoreFocusOut: true,
      });
      if (!picked) return undefined;
      const profiles = picked.map((p) => p.profile);
      await rememberProfiles(ctx.extension.workspaceState, uri, profiles);
      return profiles;
    },
    showPlan: (preview) => ctx.output.info(`plan for ${subjectOf(preview)}:\n${preview.operations.join('\n')}`),
    confirmPlan: showPlanPick,
    async confirmDataLoss(preview) {
      const action = 'Recreate Volumes';
      const answer = await vscode.window.showWarningMessage(
        `Deploying ${subjectOf(preview)} recreates ${preview.dataLoss.length} volume(s), and their data is lost.`,
        { modal: true, detail: preview.dataLoss.join('\n') },
        action,
      );
      return answer === action;
    },
    progress: (preview, work) =>
      Promise.resolve(
        vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: `Deploying ${preview.target.kind === 'stack' ? 'stack ' : ''}${preview.target.name}`,
          },
          (progress) => work(reporter(ctx, preview.target.kind, progress)),
        ),
      ),
  };
}
