// extensionTestsPath of the untrusted-workspace run (restricted mode).
import { runMochaIn } from '../mochaRunner';

export const run = (): Promise<void> => runMochaIn(__dirname);
