// Runs inside the extension host: mocha over every *.test.js of one folder, with one summary line at the end
// (`editor: N passed, N failed`) that test/run.mjs counts; the host's console reaches the terminal line by line.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function runMochaIn(dir: string): Promise<void> {
  // STEVEDORE_EDITOR_GREP runs only the tests whose full title matches (a development aid; the tiers run everything).
  const grep = process.env['STEVEDORE_EDITOR_GREP'];
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, ...(grep ? { grep } : {}) });
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js'))) mocha.addFile(join(dir, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`editor: ${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? failures} failed`);
      if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
      else resolve();
    });
  });
}
