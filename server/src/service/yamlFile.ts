// The YAML parse moved to the model (@stevedore/model); this keeps the service's callers' imports.
export { parseYamlFile, yamlFileOf, YAML_PARSE_OPTIONS, type YamlFile } from '@stevedore/model';
