import type { ErrorCode, YAMLError } from 'yaml';
import type { Diagnostic, Severity } from '../types';
import type { YamlFile } from '../yamlFile';
import { CODE, coded, type RuleCode } from './registry';

/**
 * Rule family `yaml/*`: what the YAML parser itself reports. The parser's own codes are mapped to stable rule codes
 * here, so that a change of parser does not change what users filter on.
 */
const codeOf: Partial<Record<ErrorCode, RuleCode>> = {
  DUPLICATE_KEY: CODE.yamlDuplicateKey,
  TAB_AS_INDENT: CODE.yamlTabIndent,
  BAD_ALIAS: CODE.yamlBadAlias,
  ALIAS_PROPS: CODE.yamlBadAlias,
  TAG_RESOLVE_FAILED: CODE.yamlUnknownTag,
  MULTIPLE_ANCHORS: CODE.yamlBadAnchor,
};

export function yamlRuleCode(error: YAMLError): RuleCode {
  return codeOf[error.code] ?? CODE.yamlSyntax;
}

export function yamlSyntaxDiagnostics(file: YamlFile): Diagnostic[] {
  const toDiagnostic =
    (severity: Severity) =>
    (error: YAMLError): Diagnostic => ({
      range: file.rangeOf(error.pos[0], error.pos[1]),
      // The parser says whether it is an error or a warning.
      ...coded(yamlRuleCode(error)),
      severity,
      message: error.message,
    });
  return [...file.errors.map(toDiagnostic('error')), ...file.warnings.map(toDiagnostic('warning'))];
}
