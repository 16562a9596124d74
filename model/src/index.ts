// @stevedore/model: the one picture of a project that the editor, the CLI and the deploy engine share.
// Plain data and functions over it: no Node, no vscode, no LSP (its tsconfig has `"types": []`, ESLint bans those
// imports). See ARCHITECTURE.md, "model/".
export const MODEL_VERSION = 1;
export {
  deploymentName,
  folderNameOf,
  isNormalDeploymentName,
  normalizeDeploymentName,
  type DeploymentKind,
  type DeploymentNameSource,
} from './deploymentName';
