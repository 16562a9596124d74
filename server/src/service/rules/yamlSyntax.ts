import type { ErrorCode, YAMLError } from 'yaml';
import type { Diagnostic, Severity } from '../types';
import type { YamlFile } from '../yamlFile';

/**
 * Rule family `yaml/*`: what the YAML parser itself reports. The parser's own codes are mapped to stable rule codes
 * here, so that a change of parser does not change what users filter on.
 */
const codeOf: Partial<Record<ErrorCode, string>> = {
  DUPLICATE_KEY: 'yaml/duplicate-key',
  TAB_AS_INDENT: 'yaml/tab-indent',
  BAD_ALIAS: 'yaml/bad-alias',
  ALIAS_PROPS: 'yaml/bad-alias',
  TAG_RESOLVE_FAILED: 'yaml/unknown-tag',
  MULTIPLE_ANCHORS: 'yaml/bad-anchor',
};

export const YAML_SYNTAX = 'yaml/syntax';

export function yamlRuleCode(error: YAMLError): string {
  return codeOf[error.code] ?? YAML_SYNTAX;
}

export function yamlSyntaxDiagnostics(file: YamlFile): Diagnostic[] {
  const toDiagnostic =
    (severity: Severity) =>
    (error: YAMLError): Diagnostic => ({
      range: file.rangeOf(error.pos[0], error.pos[1]),
      severity,
      code: yamlRuleCode(error),
      message: error.message,
    });
  return [...file.errors.map(toDiagnostic('error')), ...file.warnings.map(toDiagnostic('warning'))];
}
