// One deploy use case for the editor, the code lenses and the CLI: runDeploy over a DeployPort and a DeployUi.
export { runDeploy } from './deployUseCase';
export { enginePort } from './port';
export type * from './types';
