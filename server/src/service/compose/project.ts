import { DOTENV, readEnvironment, resolveUri, type Lookup } from '@stevedore/model';
import { hostOf, type ValidationContext } from '../context';

// Which files make a project is the model's to decide (@stevedore/model, compose/projectFiles.ts); this adds only
// what the validation context holds: its host, its extra env files and its explicit values.
export { readProjectFile } from '@stevedore/model';

/** The variables a file is interpolated with: `.env` beside it, then extra env files, then explicit values. */
export function environmentOf(fileUri: string, context: ValidationContext | undefined): Map<string, string> {
  const envFiles = [resolveUri(fileUri, DOTENV), ...(context?.envFiles ?? [])];
  return readEnvironment(hostOf(context), envFiles, context?.env).env;
}

export const lookupIn =
  (env: ReadonlyMap<string, string>): Lookup =>
  (name) =>
    env.get(name);
