import * as vscode from 'vscode';
import { dockerConfigDir, listContexts } from '../engine';
import type { StevedoreContext } from '../context';

/**
 * Stevedore: Select Engine. Picks this workspace's engine: as the docker CLI would choose, one of the docker
 * contexts, or an address. The choice is a workspace setting; the docker CLI's current context is never changed.
 */
export async function selectEngine(ctx: StevedoreContext, target?: unknown): Promise<string> {
  const config = vscode.workspace.getConfiguration('stevedore.engine');
  type Pick = vscode.QuickPickItem & { host?: string; context?: string; ask?: boolean };
  let choice: Pick | undefined;
  if (typeof target === 'string')
    choice = /^[a-z]+:\/\//.test(target) ? { label: target, host: target } : { label: target, context: target };
  else {
    const contexts = listContexts(dockerConfigDir());
    const picks: Pick[] = [
      {
        label: 'As the docker CLI chooses',
        description: 'DOCKER_HOST, DOCKER_CONTEXT, the current context, or the local socket',
      },
      ...contexts.map((c) => ({
        label: `$(server) ${c.name}`,
        description: c.host,
        detail: c.description || undefined,
        context: c.name,
      })),
      {
        label: '$(edit) Enter an address…',
        description: 'unix://, tcp:// (TLS from DOCKER_CERT_PATH), ssh://user@host',
        ask: true,
      },
    ];
    choice = await vscode.window.showQuickPick(picks, { title: 'Docker engine for this workspace' });
  }
  if (!choice) return 'no engine chosen';
  if (choice.ask) {
    const host = await vscode.window.showInputBox({
      title: 'Docker engine address',
      placeHolder: 'ssh://user@host, tcp://host:2376, unix:///var/run/docker.sock',
      validateInput: (v) =>
        /^(unix|tcp|ssh|npipe):\/\/.+/.test(v.trim()) ? undefined : 'an address starts with unix://, tcp://, ssh:// or npipe://',
    });
    if (!host) return 'no engine chosen';
    choice = { label: host, host: host.trim() };
  }
  await config.update('host', choice.host ?? undefined, vscode.ConfigurationTarget.Workspace);
  await config.update('context', choice.context ?? undefined, vscode.ConfigurationTarget.Workspace);
  await ctx.engines.reset();
  const message = `Stevedore now uses ${choice.host ?? (choice.context ? `context ${choice.context}` : 'the engine the docker CLI would choose')} in this workspace`;
  ctx.output.info(message);
  return message;
}
