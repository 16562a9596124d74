import type { ValidationContext } from '../context';
import type { TopologyResult } from '../protocol';
import type { SourceFile } from '../sourceFile';
import { composeTopology } from './composeTopology';
import { kubernetesTopology } from './kubernetesTopology';

/** The graph of a file's project (Compose, stack) or folder (Kubernetes), or why there is none. Never throws on input. */
export function getTopology(file: SourceFile, context: ValidationContext): TopologyResult {
  if (file.kind === 'compose' || file.kind === 'stack') {
    if (file.yaml.documents[0]?.errors.length)
      return { uri: file.uri, unavailable: 'the file has syntax errors: fix them to see its graph' };
    return composeTopology(file, context) ?? { uri: file.uri, unavailable: 'the file is empty' };
  }
  if (file.kind === 'kubernetes') return kubernetesTopology(file, context);
  return { uri: file.uri, unavailable: 'this is not a Compose, stack or Kubernetes file' };
}
