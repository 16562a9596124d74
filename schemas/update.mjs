// Refreshes the pinned schemas (see README.md). With --from DIR, copies them from DIR (searching its subfolders);
// otherwise downloads them from upstream. Prints what changed; never edits anything but this folder.
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const stackVersions = ['3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
const sources = {
  'compose-spec.json': 'https://raw.githubusercontent.com/compose-spec/compose-spec/main/schema/compose-spec.json',
  ...Object.fromEntries(
    stackVersions.map((v) => [
      `config_schema_v${v}.json`,
      `https://raw.githubusercontent.com/docker/cli/master/cli/compose/schema/data/config_schema_v${v}.json`,
    ]),
  ),
};

async function findIn(dir, name) {
  for (const entry of await readdir(dir, { recursive: true }))
    if (entry === name || entry.endsWith(`/${name}`)) return join(dir, entry);
  return undefined;
}

const fromIndex = process.argv.indexOf('--from');
const from = fromIndex > 0 ? process.argv[fromIndex + 1] : undefined;
for (const [name, url] of Object.entries(sources)) {
  const target = join(here, name);
  const before = await readFile(target, 'utf8').catch(() => '');
  if (from) {
    const found = await findIn(from, name);
    if (!found) throw new Error(`${name} not found under ${from}`);
    await copyFile(found, target);
  } else {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const text = await response.text();
    JSON.parse(text); // refuse anything that is not JSON
    await writeFile(target, text);
  }
  const after = await readFile(target, 'utf8');
  console.log(`${name}: ${before === after ? 'unchanged' : 'updated'}`);
}
