// The host moved to the model (@stevedore/model); this keeps the service's callers' imports.
export { dirnameUri, isolatedHost, resolveUri, type DirectoryEntry, type ProjectHost } from '@stevedore/model';
