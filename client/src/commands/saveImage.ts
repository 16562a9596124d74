import * as vscode from 'vscode';
import { commitContainer, imageReferenceProblem, parseImageReference } from '../engine';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import type { StevedoreContext } from '../context';
import { Cancelled, containerTarget } from '../targets';

/**
 * Stevedore: Save Container as Image (`docker commit`): keeps what was changed inside a container as a new image.
 * The name and tag are checked as a docker reference while typing, before the engine is called.
 */
export async function saveImage(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const engine = await ctx.engines.get();
  const target = await containerTarget(engine, arg);
  let text = readCommandArgs(COMMANDS.saveImage, arg).image;
  if (text === undefined) {
    const suggestion = `${(target.service ?? target.label).toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}:snapshot`;
    text = await vscode.window.showInputBox({
      title: `Save ${target.label} as an image`,
      prompt: 'Image name and tag (repository[:tag]); the container keeps running (paused while it is saved)',
      value: suggestion,
      validateInput: imageReferenceProblem,
    });
    if (text === undefined) throw new Cancelled();
  }
  const reference = parseImageReference(text);
  const id = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Saving ${target.label} as ${reference.repository}:${reference.tag}`,
    },
    () => commitContainer(engine, target.id, reference, { comment: `saved from ${target.label} by Stevedore` }),
  );
  const message = `saved ${target.label} as ${reference.repository}:${reference.tag} (${id.replace(/^sha256:/, '').slice(0, 12)})`;
  ctx.output.info(`${message}, image ${id}`);
  void vscode.window.showInformationMessage(message);
  return message;
}
