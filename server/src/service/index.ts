// The language service's public surface: plain functions over text, no protocol, no editor, no file system.
export * from './types';
export { classifyFile } from './classify';
export { parseYamlFile, type YamlFile } from '@stevedore/model';
export { createSourceFile, SourceFileCache, type SourceFile } from './sourceFile';
export { validate } from './validate';
export type { ValidationContext } from './context';
export { isolatedHost, resolveUri, type ProjectHost } from '@stevedore/model';
export { DEFAULT_KUBERNETES_VERSION, type KubernetesSchemaBundle, type KubernetesSchemaSource } from './kubernetes/schemas';
export { objectsOfFile, type KubeObject } from './kubernetes/objects';
export { getCompletions, type CompletionItem } from './completion';
export { getHover, type Hover } from './hover';
export { getDocumentSymbols, type DocumentSymbol } from './symbols';
export {
  getDefinition,
  getDefinitions,
  getReferences,
  getRenameChanges,
  getRenameEdits,
  getWorkspaceSymbols,
  type Location,
} from './navigation';
export { getDocumentLinks, type DocumentLink } from './links';
// The Compose loader lives in the model; the CLI and the editor's commands still find it here.
export { loadProject, normalizeProjectName, splitShellWords } from '@stevedore/model';
export type {
  BuildConfig,
  ComposeProject,
  Dependency,
  DependencyCondition,
  FileReference,
  HealthcheckConfig,
  LoadOptions,
  LoadProblem,
  LoadResult,
  MountConfig,
  NetworkConfig,
  PortConfig,
  SecretConfig,
  ServiceConfig,
  ServiceNetwork,
  VolumeConfig,
} from '@stevedore/model';
export { getCodeLenses, deploymentNameOf, type CodeLens } from './codeLens';
export { COMMANDS, type CommandId, type DeployArgs, type DeploymentArgs, type ServiceArgs } from './commands';
export { formatDocument, type FormatOptions, type FormatResult } from './format';
export { imagePlace, imageCompletions, type ImagePlace } from './imageCompletion';
export * from './imagesProtocol';
export { replicasEdit, type ReplicasEditResult, type OffsetEdit } from './replicasEdit';
