// extensionTestsPath of the no-engine run (stevedore.engine.host names a socket that does not exist).
import { runMochaIn } from '../mochaRunner';

export const run = (): Promise<void> => runMochaIn(__dirname);
