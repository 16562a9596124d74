import * as vscode from 'vscode';
import {
  executePrune,
  formatBytes,
  imageReferenceProblem,
  parseImageReference,
  previewPrune,
  removeResource as removeFromEngine,
  tagImage as tagOnEngine,
  type PrunePlan,
  type ResourceKind,
} from '../engine';
import { COMMANDS, readCommandArgs } from '../../../server/src/service';
import type { StevedoreContext } from '../context';
import { Cancelled } from '../targets';

/**
 * Remove, Tag and Prune for the Images, Volumes and Networks views. Prune shows its plan (exactly what goes and the
 * space it frees) in a modal confirmation, then removes those items and nothing else (`executePrune`).
 */

const PLURAL: Record<ResourceKind, string> = { image: 'images', volume: 'volumes', network: 'networks' };

function resourceArg(arg: unknown): { kind: ResourceKind; id: string; name: string } {
  const { kind, id, name } = readCommandArgs(COMMANDS.removeResource, arg);
  if (!kind || !id) throw new Error('choose an image, volume or network in its view');
  return { kind, id, name: name ?? id };
}

export async function removeResource(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const target = resourceArg(arg);
  const engine = await ctx.engines.get();
  if (!readCommandArgs(COMMANDS.removeResource, arg).confirmed) {
    const pick = await vscode.window.showWarningMessage(`Remove ${target.kind} ${target.name}?`, { modal: true }, 'Remove');
    if (pick !== 'Remove') throw new Cancelled();
  }
  // An image with several tags is removed by the tag shown (the others keep it); otherwise by id.
  const id = target.kind === 'image' && target.name.includes(':') ? target.name : target.id;
  await removeFromEngine(engine.docker, { kind: target.kind, id });
  return `removed ${target.kind} ${target.name}`;
}

export async function tagImage(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  const target = resourceArg(arg);
  if (target.kind !== 'image') throw new Error('only an image can be tagged');
  const engine = await ctx.engines.get();
  let text = readCommandArgs(COMMANDS.tagImage, arg).tag;
  if (text === undefined) {
    text = await vscode.window.showInputBox({
      title: `Tag ${target.name}`,
      prompt: 'New reference (repository[:tag])',
      validateInput: imageReferenceProblem,
    });
    if (text === undefined) throw new Cancelled();
  }
  const reference = parseImageReference(text);
  await tagOnEngine(engine.docker, target.id, reference.repository, reference.tag);
  return `tagged ${target.name} as ${reference.repository}:${reference.tag}`;
}

/** The confirmation's text: every item by name, and the space. */
export function describePrunePlan(plan: PrunePlan): string {
  const lines = plan.items.map((r) => `• ${r.name}${r.size ? ` (${formatBytes(r.size)})` : ''}`);
  const space = plan.kind === 'network' ? '' : `\nFrees ${plan.kind === 'image' ? 'up to ' : ''}${formatBytes(plan.bytes)}.`;
  return `${lines.join('\n')}${space}`;
}

async function prune(ctx: StevedoreContext, kind: ResourceKind, arg: unknown): Promise<string> {
  const args = readCommandArgs(COMMANDS.pruneVolumes, arg);
  const engine = await ctx.engines.get();
  const scope = { ...(args.label ? { label: args.label } : {}), ...(args.namePrefix ? { namePrefix: args.namePrefix } : {}) };
  const plan = await previewPrune(engine.docker, kind, scope);
  if (plan.items.length === 0) {
    void vscode.window.showInformationMessage(`No unused ${PLURAL[kind]} to prune.`);
    return `nothing to prune`;
  }
  if (!args.confirmed) {
    const pick = await vscode.window.showWarningMessage(
      `Remove ${plan.items.length} unused ${PLURAL[kind]}?`,
      { modal: true, detail: describePrunePlan(plan) },
      'Remove',
    );
    if (pick !== 'Remove') throw new Cancelled();
  }
  const outcome = await executePrune(engine.docker, plan);
  for (const f of outcome.failed) ctx.output.warn(`prune: kept ${f.resource.name}: ${f.reason}`);
  const kept = outcome.failed.length ? `; kept ${outcome.failed.map((f) => f.resource.name).join(', ')} (in use now)` : '';
  const message = `removed ${outcome.removed.map((r) => r.name).join(', ')}${kind === 'network' ? '' : `, ${formatBytes(outcome.bytes)}`}${kept}`;
  ctx.output.info(`prune ${PLURAL[kind]}: ${message}`);
  return message;
}

export const pruneImages = (ctx: StevedoreContext, arg?: unknown): Promise<string> => prune(ctx, 'image', arg);
export const pruneVolumes = (ctx: StevedoreContext, arg?: unknown): Promise<string> => prune(ctx, 'volume', arg);
export const pruneNetworks = (ctx: StevedoreContext, arg?: unknown): Promise<string> => prune(ctx, 'network', arg);
