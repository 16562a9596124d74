import * as vscode from 'vscode';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import { recreateService, serviceOfContainer } from '../engine';
import type { StevedoreContext } from '../context';
import { loadDeployedProject } from '../deployedProject';
import { lockWaitNotice } from './deployUi';
import { composeService, summary } from './pause';

/**
 * Stevedore: Recreate: new containers for a compose service from its file (as `docker compose up --force-recreate
 * --no-deps`), where Restart keeps the same containers. From a container, its service is recreated.
 */
export async function recreate(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const { container } = readCommandArgs(COMMANDS.recreate, arg);
  const ofContainer = container ? await serviceOfContainer(engine.docker, container) : undefined;
  if (container && ofContainer?.kind !== 'compose')
    throw new Error(`container ${container.slice(0, 12)} is not part of a compose project`);
  const selector = ofContainer
    ? { project: ofContainer.name, service: ofContainer.service }
    : ((await composeService(engine, arg)) as { project: string; service: string });
  const project = await loadDeployedProject(engine, selector.project);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Recreating ${selector.service}` },
    () => {
      const notice = lockWaitNotice(ctx);
      const target = { kind: 'compose', name: selector.project } as const;
      return recreateService(engine, project, selector.service, {
        client: 'VS Code',
        onWait: (holder) => notice(target, holder),
      });
    },
  );
  return summary('recreated', result);
}
