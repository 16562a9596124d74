// extensionTestsPath of the packaging check: Stevedore comes from the .vsix installed into the extensions folder,
// and the development extension is only an empty harness (vsix-harness/).
import { runMochaIn } from '../mochaRunner';

export const run = (): Promise<void> => runMochaIn(__dirname);
