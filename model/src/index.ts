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

// Text and files: positions, the YAML parse, what the model may ask of the world around a file.
export type { Position, Range } from './text';
export { parseYamlFile, yamlFileOf, YAML_PARSE_OPTIONS, type YamlFile } from './yamlFile';
export { dirnameUri, isolatedHost, resolveUri, type DirectoryEntry, type ProjectHost } from './host';

// Compose: variables, the interpolated document with its positions, the names a project defines.
export { parseDotenv, type EnvEntry } from './compose/dotenv';
export {
  interpolate,
  malformedMessage,
  type Interpolated,
  type InterpolationProblem,
  type Lookup,
  type Operator,
  type VariableUse,
} from './compose/interpolation';
export {
  buildComposeModel,
  ComposeModelParts,
  MAX_DEPTH,
  NODE_BUDGET,
  pointerOf,
  type ComposeModel,
  type NodeInfo,
} from './compose/composeModel';
export { asRecord, mergeNames, namesOf, SECTIONS, type ProjectNames, type Section } from './compose/names';

// Compose: the loader (a project as `docker compose` / `docker stack deploy` reads it, for the deploy engine).
export { loadProject } from './compose/load/loadProject';
export {
  activeProfiles,
  declaredProfiles,
  enabledBy,
  enabledProfiles,
  profilesOfServices,
  type DeclaredProfile,
} from './compose/load/profiles';
export { splitShellWords } from './compose/load/shellWords';
export type * from './compose/load/types';

// Compose: the one walk over depends_on (start order, cycles).
export {
  cycleMessage,
  dependenciesOf,
  walkDependencies,
  type DependencyCycle,
  type DependencyWalk,
} from './compose/dependencies';

// Compose: the one table of what a service refers to.
export {
  namedVolumeSource,
  referenceField,
  serviceReferences,
  SERVICE_REFERENCE_FIELDS,
  type Reference,
  type ReferenceField,
} from './compose/references';

// Kubernetes: the one table of what an object names.
export {
  objectReferences,
  podSpecSteps,
  referencedKindAt,
  type ObjectReference,
  type ReferencedKind,
} from './kubernetes/references';

// Compose: which files make a project, its name, and when a file is only a fragment of one.
export {
  composeFileList,
  DEFAULT_COMPOSE_FILES,
  DOTENV,
  includedFiles,
  includesOf,
  nearbyComposeFiles,
  normalizeProjectName,
  overrideFileName,
  pairedFileName,
  projectDefinitions,
  projectNameOf,
  readEnvironment,
  readProjectFile,
  siblingFiles,
  type IncludeEntry,
  type ProjectDefinitions,
} from './compose/projectFiles';
export { isKnownFragment, referenceScope, type ReferenceScope } from './compose/fragment';
