import { codeActions } from './codeActions';
import { codeLens } from './codeLens';
import { completion } from './completion';
import type { AnyFeature } from './feature';
import { formatting } from './formatting';
import { hover } from './hover';
import { links } from './links';
import { navigation } from './navigation';
import { symbols } from './symbols';
import { topology } from './topology';

export { type FeatureContext, type FeatureHooks } from './feature';

/** Every request feature of the server, one module each; startServer advertises and registers them from this list. */
export const FEATURES: readonly AnyFeature[] = [
  completion,
  hover,
  symbols,
  navigation,
  links,
  codeActions,
  codeLens,
  formatting,
  topology,
];
