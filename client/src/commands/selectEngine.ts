import * as vscode from 'vscode';
import { checkEngineAddress, dockerConfigDir, engineChoices, missingTlsFiles, type EngineChoice } from '../engine';
import type { StevedoreContext } from '../context';

/**
 * Stevedore: Select Engine. Picks this workspace's engine: as the docker CLI would choose, the local socket,
 * DOCKER_HOST, one of the docker contexts, tcp with TLS (an address and a certificate folder), ssh, or an address.
 * The choice is stored in this workspace's restricted settings (`stevedore.engine.*`); the docker CLI's current
 * context is never changed.
 */

interface Choice {
  readonly host?: string;
  readonly context?: string;
  readonly tlsCertPath?: string;
  readonly label: string;
}

async function askAddress(kind: 'tls' | 'ssh' | 'address'): Promise<string | undefined> {
  const placeHolder = { tls: 'tcp://host:2376', ssh: 'ssh://user@host', address: 'unix:///var/run/docker.sock' }[kind];
  const host = await vscode.window.showInputBox({
    title: 'Docker engine address',
    placeHolder,
    value: kind === 'ssh' ? 'ssh://' : kind === 'tls' ? 'tcp://' : '',
    validateInput: (v) => checkEngineAddress(kind, v),
  });
  return host?.trim() || undefined;
}

async function askCertFolder(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Folder with ca.pem, cert.pem and key.pem',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Use these certificates',
  });
  const folder = picked?.[0]?.fsPath;
  if (!folder) return undefined;
  const missing = missingTlsFiles(folder);
  if (missing.length > 0)
    throw new Error(`${folder} lacks ${missing.join(', ')} (a TLS engine needs ca.pem, cert.pem and key.pem)`);
  return folder;
}

async function choose(chosen: EngineChoice): Promise<Choice | undefined> {
  switch (chosen.kind) {
    case 'cli-default':
      return { label: 'the engine the docker CLI would choose' };
    case 'host':
      return { label: chosen.host, host: chosen.host };
    case 'context':
      return { label: `context ${chosen.context}`, context: chosen.context };
    case 'tls': {
      const host = await askAddress('tls');
      const tlsCertPath = host && (await askCertFolder());
      return host && tlsCertPath ? { label: `${host} with TLS from ${tlsCertPath}`, host, tlsCertPath } : undefined;
    }
    default: {
      const host = await askAddress(chosen.kind);
      return host ? { label: host, host } : undefined;
    }
  }
}

export async function selectEngine(ctx: StevedoreContext, target?: unknown): Promise<string> {
  const config = vscode.workspace.getConfiguration('stevedore.engine');
  let choice: Choice | undefined;
  if (typeof target === 'string')
    choice = /^[a-z]+:\/\//.test(target) ? { label: target, host: target } : { label: `context ${target}`, context: target };
  else {
    const current = ctx.engines.describe().url;
    const items = engineChoices(dockerConfigDir()).map((c) => ({
      label: c.label,
      description: 'host' in c && c.host === current ? `${c.detail} (in use)` : c.detail,
      choice: c,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Docker engine for this workspace',
      placeHolder: `Now: ${current}. The docker CLI's own context is not changed.`,
    });
    if (picked) choice = await choose(picked.choice);
  }
  if (!choice) return 'no engine chosen';
  await config.update('host', choice.host ?? undefined, vscode.ConfigurationTarget.Workspace);
  await config.update('context', choice.context ?? undefined, vscode.ConfigurationTarget.Workspace);
  await config.update('tlsCertPath', choice.tlsCertPath ?? undefined, vscode.ConfigurationTarget.Workspace);
  await ctx.engines.reset();
  const message = `Stevedore now uses ${choice.label} in this workspace`;
  ctx.output.info(message);
  return message;
}
