// The `.env` reader moved to @stevedore/model; this keeps the service's callers' imports.
export { parseDotenv, type EnvEntry } from '@stevedore/model';
