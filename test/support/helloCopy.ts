import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFsHost } from '../../server/src/fsHost';
import { loadProject, type ComposeProject } from '../../server/src/service';
import { repoRoot } from './paths';

/**
 * examples/hello copied into `dir`, its web image renamed to `image` (so a test or bench that rebuilds it never
 * touches the example's own tag), loaded as project `name` with the page published on `port`.
 */
export function copyHello(dir: string, image: string): string {
  cpSync(join(repoRoot, 'examples', 'hello'), dir, { recursive: true });
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('stevedore-hello/web:local', image));
  return file;
}

export function loadHello(file: string, name: string, port: number): ComposeProject {
  const result = loadProject(createFsHost(), {
    files: [file],
    projectName: name,
    environment: { HELLO_PORT: String(port) },
  });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.project;
}
