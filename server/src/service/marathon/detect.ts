import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

/**
 * Past this size a JSON file is not read for what it is (a lock file or a data dump, opened in the editor, is
 * classified on every change); no Marathon definition comes near it. Named or configured files are still checked.
 */
const DETECT_LIMIT = 1_000_000;

/** The top-level value of a JSON text, read tolerantly (a half-typed file still has one); undefined for no JSON. */
function rootOf(text: string): Node | undefined {
  if (text.length > DETECT_LIMIT || !/^\s*\{/.test(text)) return undefined;
  return parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
}

const typeAt = (root: Node, key: string): Node['type'] | undefined => findNodeAtLocation(root, [key])?.type;

/** An object item whose `id` is a string: what a group's `apps` and `groups` hold. */
const hasStringId = (node: Node): boolean => node.type === 'object' && typeAt(node, 'id') === 'string';

/** A pod: `containers` whose items say `resources` with `cpus` or `mem` (Kubernetes pods carry no top-level `id`), or a `scaling` object. */
function looksLikePod(root: Node): boolean {
  const containers = findNodeAtLocation(root, ['containers']);
  if (containers?.type !== 'array') return false;
  if (typeAt(root, 'scaling') === 'object') return true;
  return (containers.children ?? []).some((c) => {
    const resources = c.type === 'object' ? findNodeAtLocation(c, ['resources']) : undefined;
    return resources?.type === 'object' && (typeAt(resources, 'cpus') === 'number' || typeAt(resources, 'mem') === 'number');
  });
}

/** A group: `apps` or `groups` lists, every item an object with a string `id`, and something in them or both present. */
function looksLikeGroup(root: Node): boolean {
  const lists = ['apps', 'groups'].map((key) => findNodeAtLocation(root, [key])).filter((n) => n !== undefined);
  if (lists.length === 0 || lists.some((list) => list.type !== 'array')) return false;
  const items = lists.flatMap((list) => list.children ?? []);
  return items.every(hasStringId) && (items.length > 0 || lists.length === 2);
}

/** An app: how to run it (`cmd`, `args` or a `container`) and what it needs (`cpus`, `mem`, `disk`, `gpus` or `instances`). */
function looksLikeApp(root: Node): boolean {
  const runs = typeAt(root, 'cmd') === 'string' || typeAt(root, 'args') === 'array' || typeAt(root, 'container') === 'object';
  return runs && ['cpus', 'mem', 'disk', 'gpus', 'instances'].some((key) => typeAt(root, key) === 'number');
}

/**
 * Whether a text is a Marathon app, pod or group definition by what it says. Conservative, so that ordinary JSON is
 * not claimed: a JSON object with a string `id` and, beside it, the keys only a Marathon definition combines.
 */
export function isMarathonDefinition(text: string): boolean {
  const root = rootOf(text);
  if (root?.type !== 'object' || typeAt(root, 'id') !== 'string') return false;
  return looksLikePod(root) || looksLikeGroup(root) || looksLikeApp(root);
}
