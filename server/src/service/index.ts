// The language service's public surface: plain functions over text, no protocol, no editor, no file system.
export * from './types';
export { classifyFile, documentKinds, type DocumentKind } from './classify';
export { parseYamlFile, type YamlFile } from '@stevedore/model';
export { createSourceFile, SourceFileCache, type SourceFile } from './sourceFile';
export { validate, validationSteps } from './validate';
export {
  ALL_RULES,
  CODE,
  PRACTICE_CODES,
  RULES,
  ruleOf,
  type FixKind,
  type RuleCode,
  type RuleFamily,
  type RuleInfo,
} from './rules/registry';
export { WorkspaceSession, type Cancellation, type SessionOptions } from './session';
export { applySuppressions, suppressionHover, suppressionsOf, type Suppression } from './suppressions';
export {
  CODE_LENS_MODES,
  globToRegExp,
  readCodeLensMode,
  readSettings,
  type CodeLensMode,
  type SessionSettings,
} from './sessionSettings';
export type { ValidationContext } from './context';
export { isolatedHost, resolveUri, type ProjectHost } from '@stevedore/model';
export { DEFAULT_KUBERNETES_VERSION, type KubernetesSchemaBundle, type KubernetesSchemaSource } from './kubernetes/schemas';
export { type ValidatorSource } from './compose/schemas';
export { objectsOfFile, type KubeObject } from './kubernetes/objects';
export { getCompletions, inFormats, type CompletionItem } from './completion';
export { plainFromMarkdown, plainFromSnippet, RICH_FORMATS, type ClientFormats } from './clientFormats';
export { getHover, type Hover } from './hover';
export { getDocumentSymbols, type DocumentSymbol } from './symbols';
export {
  getDefinition,
  getDefinitions,
  getReferences,
  getRenameChanges,
  getRenameEdits,
  getWorkspaceSymbols,
  type IsCancelled,
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
export { formatDocument, type FormatOptions, type FormatResult } from './format';
export { imagePlace, imageCompletions, type ImagePlace } from './imageCompletion';
// The protocol with the extension: the custom request and the code lenses' commands with their arguments.
export * from './protocol';
export { replicasEdit, type ReplicasEditResult, type OffsetEdit } from './replicasEdit';

// The graph of a project, a stack or a folder of manifests, for the extension's topology view.
export { getTopology } from './topology';
export { publishedPorts } from './topology/composeTopology';
