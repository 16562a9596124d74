// `node out/test/editor/graphPictures.js [--out DIR]` (after a build): pictures of the topology view's graph for the
// docs, drawn by the view's own code (the server's getTopology, the view's layout and SVG, exported as Export SVG
// writes it: the theme's colours fall back to a light theme) and photographed in headless Chromium. Outside VS Code:
// what the webview shows inside the editor is the same SVG with the theme's colours. Writes into docs/screenshots/:
//   graph-compose.png     examples/nextcloud/compose.yaml
//   graph-stack.png       examples/nextcloud/docker-stack.yml
//   graph-kubernetes.png  test/fixtures/topology/kubernetes/ (app.yaml and its sibling)
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFsHost } from '../../server/src/fsHost';
import { createSourceFile, getTopology } from '../../server/src/service';
import { layoutTopology } from '../../client/src/views/topology/layout';
import { exportableSvg, renderTopologySvg } from '../../client/src/views/topology/render';
import { repoRoot } from '../support/paths';
import { launchBrowser } from './browser';

const PICTURES: readonly [string, string][] = [
  ['graph-compose.png', 'examples/nextcloud/compose.yaml'],
  ['graph-stack.png', 'examples/nextcloud/docker-stack.yml'],
  ['graph-kubernetes.png', 'test/fixtures/topology/kubernetes/app.yaml'],
];

async function svgOf(path: string): Promise<string> {
  const file = join(repoRoot, path);
  const uri = pathToFileURL(file).toString();
  const result = getTopology(createSourceFile(uri, 0, await readFile(file, 'utf8')), { host: createFsHost() });
  if ('unavailable' in result) throw new Error(`${path}: ${result.unavailable}`);
  return exportableSvg(renderTopologySvg(layoutTopology(result)));
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out');
  const out = resolve(i > 0 ? (process.argv[i + 1] ?? '') : join(repoRoot, 'docs', 'screenshots'));
  await mkdir(out, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'sdg-pictures-'));
  const { context, page } = await launchBrowser(profile);
  try {
    for (const [name, path] of PICTURES) {
      const svg = (await svgOf(path)).replace(/^<\?xml[^>]*>\n/, '');
      await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
      await page.locator('svg.topology').screenshot({ path: join(out, name) });
      process.stdout.write(`${join(out, name)}\n`);
    }
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
