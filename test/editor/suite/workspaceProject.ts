import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../../client/src/context';
import { EngineHolder } from '../../../client/src/engineHolder';
import { StevedoreExplorer } from '../../../client/src/views/explorer';
import { ensureBusyboxImage } from '../../support/busyboxImage';

/**
 * What the suites that deploy a project of the editor workspace (`test/editor/workspace/<project>/compose.yaml`) to
 * the machine's engine share: the project's containers and their removal, the suite's set-up, and an explorer of the
 * suite's own.
 */

export interface ComposeProject {
  /** The project's containers, stopped ones too (by the label compose gives them). */
  readonly containers: () => Promise<Docker.ContainerInfo[]>;
  /** Removes the project's containers (forced), then its networks. */
  readonly remove: () => Promise<void>;
}

export function composeProject(docker: Docker, project: string): ComposeProject {
  const label = [`com.docker.compose.project=${project}`];
  const containers = (): Promise<Docker.ContainerInfo[]> => docker.listContainers({ all: true, filters: { label } });
  return {
    containers,
    remove: async () => {
      for (const c of await containers()) await docker.getContainer(c.Id).remove({ force: true });
      for (const n of await docker.listNetworks({ filters: { label } })) await docker.getNetwork(n.Id).remove();
    },
  };
}

export interface OpenedProject {
  readonly api: StevedoreApi;
  /** The workspace folder. */
  readonly folder: vscode.Uri;
  /** `<project>/compose.yaml` in it, open in the editor. */
  readonly file: vscode.Uri;
}

/**
 * A suite's `before`: the extension activated, the busybox image built if the engine lacks it, what an earlier run
 * left removed (`removeLeftovers`, the project's containers and networks unless the suite names more), and the
 * project's compose file shown in the editor.
 */
export async function openWorkspaceProject(
  docker: Docker,
  project: string,
  removeLeftovers: () => Promise<void> = composeProject(docker, project).remove,
): Promise<OpenedProject> {
  const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
  assert.ok(extension);
  const api = await extension.activate();
  await ensureBusyboxImage(docker);
  await removeLeftovers();
  const workspace = vscode.workspace.workspaceFolders?.[0];
  assert.ok(workspace);
  const file = vscode.Uri.joinPath(workspace.uri, `${project}/compose.yaml`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
  return { api, folder: workspace.uri, file };
}

/**
 * An explorer provider that only this suite reads, over an engine holder of its own that logs to `<name> tree`;
 * disposing it disposes the holder and the channel too.
 */
export class OwnExplorer extends StevedoreExplorer {
  private constructor(
    private readonly holder: EngineHolder,
    private readonly output: vscode.LogOutputChannel,
  ) {
    super(holder);
  }

  static create(name: string): OwnExplorer {
    const output = vscode.window.createOutputChannel(`${name} tree`, { log: true });
    return new OwnExplorer(new EngineHolder(output), output);
  }

  override dispose(): void {
    super.dispose();
    this.holder.dispose();
    this.output.dispose();
  }
}
