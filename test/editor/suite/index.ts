// Runs inside the extension host (loaded through extensionTestsPath): mocha over every *.test.js beside this file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js'))) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      // One summary line, read by test/run.mjs (the host's console reaches the terminal line by line).
      console.log(`editor: ${stats?.passes ?? 0} passed, ${stats?.failures ?? failures} failed`);
      if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
      else resolve();
    });
  });
}
