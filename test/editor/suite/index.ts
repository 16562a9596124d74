// extensionTestsPath of the main end-to-end suite (the extension loaded from the source tree).
import { runMochaIn } from '../mochaRunner';

export const run = (): Promise<void> => runMochaIn(__dirname);
