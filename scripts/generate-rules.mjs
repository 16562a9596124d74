// Writes what is generated from the rule registry (server/src/service/rules/registry.ts): the `stevedore.rules`
// setting in package.json and docs/rules.md. Run through `npm run rules` (it builds first); test/unit/ruleRegistry
// fails when either is out of date.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const { rulesMarkdown, rulesSettingSchema } = require(join(root, 'out/server/src/service/rules/registryDocs.js'));

const manifestPath = join(root, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
manifest.contributes.configuration.properties['stevedore.rules'] = rulesSettingSchema();
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(join(root, 'docs/rules.md'), rulesMarkdown());
console.log('wrote package.json (stevedore.rules) and docs/rules.md');
