import { resolveUri } from '../../host';

/**
 * The loader works on absolute file-system paths (the engine gets them as they are); the host reads URIs. These
 * convert between the two and resolve a path written in a file against that file's folder, without `node:path`
 * (the service layer knows no platform).
 */

export const fileUriOf = (path: string): string => resolveUri('file:///', path);

export function pathOfUri(uri: string): string {
  return decodeURIComponent(uri.replace(/^file:\/\//, ''));
}

export function dirnameOf(path: string): string {
  const cut = path.replace(/\/+$/, '').lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export function basenameOf(path: string): string {
  return path.replace(/\/+$/, '').slice(path.replace(/\/+$/, '').lastIndexOf('/') + 1);
}

/** `./data`, `../x`, `/abs`, `~/x` (with `home`) written in a file of folder `dir`, as a clean absolute path. */
export function resolvePath(dir: string, written: string, home?: string): string {
  let path = written;
  if (path === '~' || path.startsWith('~/')) path = (home ?? '~') + path.slice(1);
  const joined = path.startsWith('/') ? path : `${dir}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** A build context may be a URL or a git reference; those are sent as they are. */
export const isRemoteContext = (context: string): boolean => /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i.test(context);
