// The Compose document model moved to @stevedore/model; this keeps the service's callers' imports.
export { buildComposeModel, MAX_DEPTH, NODE_BUDGET, pointerOf, type ComposeModel, type NodeInfo } from '@stevedore/model';
