export { loadProject, normalizeProjectName } from './loadProject';
export { splitShellWords } from './shellWords';
export type * from './types';
