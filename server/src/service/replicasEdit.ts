import { isMap, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

/**
 * The text edit that writes a service's replica count into its Compose or stack file, after a scale: the smallest
 * change that keeps every comment and the file's formatting. An existing `deploy.replicas` (or compose's older
 * `scale`) gets its value replaced; a `deploy:` without `replicas` gets a line; a service without `deploy:` gets
 * `deploy:` with `replicas` as its first key, indented as its siblings are. Flow-style maps (`{…}`) are left to the
 * user: rewriting them would reformat the line.
 */

export interface OffsetEdit {
  /** Offset into the text where the replaced span starts, and its length (0 for an insertion). */
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

export type ReplicasEditResult =
  { readonly ok: true; readonly edit: OffsetEdit } | { readonly ok: false; readonly reason: string };

const pairOf = (map: YAMLMap, key: string): Pair | undefined => map.items.find((p) => isScalar(p.key) && p.key.value === key);

const fail = (reason: string): ReplicasEditResult => ({ ok: false, reason });

export function replicasEdit(text: string, service: string, replicas: number): ReplicasEditResult {
  if (!Number.isInteger(replicas) || replicas < 0) return fail(`replicas must be a whole number ≥ 0, not ${replicas}`);
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0) return fail(`the file has YAML errors: ${doc.errors[0]?.message ?? ''}`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineStart = (offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
  const column = (offset: number): number => offset - lineStart(offset);
  const startOf = (node: Node | null | undefined): number | undefined => node?.range?.[0];

  const root = doc.contents;
  if (!isMap(root)) return fail('the file has no top-level map');
  const services = pairOf(root, 'services')?.value;
  if (!isMap(services)) return fail('the file has no services: map');
  const entry = pairOf(services, service);
  if (!entry) return fail(`no service ${service} in the file`);
  const body = entry.value;
  const serviceKeyStart = startOf(entry.key as Node);
  if (!isMap(body) || serviceKeyStart === undefined) return fail(`service ${service} has no map to write replicas into`);
  if (body.flow) return fail(`service ${service} is written in flow style ({…}); set deploy.replicas by hand`);
  const value = String(replicas);
  const replaceScalar = (node: unknown): ReplicasEditResult | undefined => {
    if (!isScalar(node) || !node.range) return undefined;
    return { ok: true, edit: { offset: node.range[0], length: node.range[1] - node.range[0], text: value } };
  };

  const deploy = pairOf(body, 'deploy');
  if (deploy) {
    const deployMap = deploy.value;
    if (isMap(deployMap)) {
      if (deployMap.flow) return fail(`deploy: of ${service} is written in flow style ({…}); set replicas by hand`);
      const existing = pairOf(deployMap, 'replicas');
      if (existing) return replaceScalar(existing.value) ?? fail(`deploy.replicas of ${service} is not a plain value`);
      const first = startOf(deployMap.items[0]?.key as Node);
      if (first === undefined) return fail(`deploy: of ${service} cannot be read`);
      const indent = ' '.repeat(column(first));
      return { ok: true, edit: { offset: lineStart(first), length: 0, text: `${indent}replicas: ${value}${eol}` } };
    }
    const deployKey = startOf(deploy.key as Node);
    if (deploy.value !== null && !(isScalar(deploy.value) && deploy.value.value === null))
      return fail(`deploy: of ${service} is not a map`);
    if (deployKey === undefined) return fail(`deploy: of ${service} cannot be read`);
    // `deploy:` with nothing under it: the count goes on the next line, one level deeper.
    const lineEnd = text.indexOf('\n', deployKey);
    const end = lineEnd === -1 ? text.length : lineEnd - (text[lineEnd - 1] === '\r' ? 1 : 0);
    const unit = column(deployKey) - column(serviceKeyStart) || 2;
    const indent = ' '.repeat(column(deployKey) + unit);
    return { ok: true, edit: { offset: end, length: 0, text: `${eol}${indent}replicas: ${value}` } };
  }
  const scale = pairOf(body, 'scale');
  if (scale) return replaceScalar(scale.value) ?? fail(`scale of ${service} is not a plain value`);
  const first = startOf(body.items[0]?.key as Node);
  if (first === undefined) return fail(`service ${service} cannot be read`);
  const childColumn = column(first);
  const unit = childColumn - column(serviceKeyStart) || 2;
  const indent = ' '.repeat(childColumn);
  const inner = ' '.repeat(childColumn + unit);
  return {
    ok: true,
    edit: { offset: lineStart(first), length: 0, text: `${indent}deploy:${eol}${inner}replicas: ${value}${eol}` },
  };
}
