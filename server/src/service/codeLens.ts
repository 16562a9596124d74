import { isMap, isScalar, type Node } from 'yaml';
import { COMMANDS, type DeployArgs, type ServiceArgs } from './commands';
import { normalizeProjectName } from '@stevedore/model';
import { asRecord } from './compose/names';
import { dirnameUri } from './host';
import type { SourceFile } from './sourceFile';
import type { Range } from './types';

/**
 * Code lenses on a Compose or stack file: Deploy on `services:`, and Deploy / Scale / Shell / Logs on each service.
 * The server only proposes them; the commands (COMMANDS) are the extension's. Kubernetes files get none: the
 * extension deploys to Docker engines and swarms, not to clusters.
 */

export interface CodeLens {
  readonly range: Range;
  readonly title: string;
  readonly command: string;
  readonly args: DeployArgs | ServiceArgs;
}

/** The name the extension deploys this file under: `name:` or the folder, as compose does; a stack uses its folder. */
export function deploymentNameOf(file: SourceFile): string {
  const folder = decodeURIComponent(dirnameUri(file.uri).replace(/\/$/, '').split('/').pop() ?? '');
  const written =
    file.kind === 'compose' ? asRecord(file.yaml.documents[0]?.toJS({ maxAliasCount: 100 }) as unknown)['name'] : undefined;
  return normalizeProjectName(typeof written === 'string' && !written.includes('$') ? written : folder) || 'project';
}

export function getCodeLenses(file: SourceFile): CodeLens[] {
  if (file.kind !== 'compose' && file.kind !== 'stack') return [];
  const root = file.yaml.documents[0]?.contents;
  if (!isMap(root)) return [];
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'services');
  const services = pair?.value as Node | null | undefined;
  const key = pair?.key as Node | undefined;
  if (!pair || !key?.range || !isMap(services)) return [];
  const rangeOf = (node: Node): Range => file.yaml.rangeOf(node.range?.[0] ?? 0, node.range?.[1] ?? 0);
  const name = deploymentNameOf(file);
  const owner = file.kind === 'stack' ? { stack: name } : { project: name };
  const lenses: CodeLens[] = [
    {
      range: rangeOf(key),
      title: `$(rocket) Deploy ${file.kind === 'stack' ? 'stack' : 'project'} ${name}`,
      command: COMMANDS.deploy,
      args: { uri: file.uri },
    },
  ];
  for (const item of services.items) {
    const serviceKey = item.key as Node | null;
    if (!isScalar(serviceKey) || !serviceKey.range) continue;
    const service = String(serviceKey.value);
    const range = rangeOf(serviceKey);
    lenses.push(
      ...(file.kind === 'compose'
        ? [{ range, title: 'Deploy', command: COMMANDS.deploy, args: { uri: file.uri, services: [service] } }]
        : []),
      { range, title: 'Scale', command: COMMANDS.scale, args: { ...owner, service, file: file.uri } },
      { range, title: 'Shell', command: COMMANDS.attachShell, args: { ...owner, service } },
      { range, title: 'Logs', command: COMMANDS.logs, args: { ...owner, service } },
    );
  }
  return lenses;
}
