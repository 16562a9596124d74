/**
 * Helm chart templates (and other Go-templated manifests) are not YAML until rendered: reporting on them as YAML or
 * as Kubernetes objects would be noise. A file counts as a template when it sits in a chart's `templates/` folder
 * or uses template actions where YAML structure goes: a line that is an action (`{{- if … }}`) or a value that is
 * one unquoted (`replicas: {{ .Values.replicas }}`).
 */
const ACTION_LINE = /^\s*\{\{-?\s*(if|else|end|range|with|define|include|template|block|\/\*|-?\s*\$|\.)/m;
const UNQUOTED_VALUE = /:\s+\{\{[^}\n]*\}\}\s*$/m;

export function isTemplated(uri: string, text: string): boolean {
  if (!text.includes('{{')) return false;
  return /\/templates\//.test(uri) || ACTION_LINE.test(text) || UNQUOTED_VALUE.test(text);
}
