// Watch on save: compose's `develop.watch` over the engine API.
export { watchPaths } from './fsWatch';
export { containerPathOf, ruleMatchers, type RuleMatcher } from './rules';
export { ProjectWatch, watchedServices, type WatchOptions, type WatchReport } from './watchProject';
