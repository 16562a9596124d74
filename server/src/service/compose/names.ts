// A project's names moved to @stevedore/model; this keeps the service's callers' imports.
export { asRecord, mergeNames, namesOf, SECTIONS, type ProjectNames, type Section } from '@stevedore/model';
