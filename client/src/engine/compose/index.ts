// The compose side of the deploy engine, as the extension and the CLI use it.
export { applyComposePlan, type ApplyOptions, type ComposeApplyResult, type ComposeProgress } from './apply';
export { containerCreateOptions, containerNameOf, type ContainerSpec, type ContainerSpecInput } from './containerSpec';
export { planComposeDeploy, planComposeScale } from './deploy';
export { composeDown, type DownResult } from './down';
export { canonicalServiceConfig, describeConfigChanges, serviceConfigHash } from './hash';
export { ensureServiceImage, contextFiles } from './images';
export { imageNameOf, resolveImageStates } from './imageStates';
export { LABELS } from './labels';
export { deployedFrom, listComposeProjects, observeProject, type ObservedContainer, type ObservedProject } from './observe';
export { describeOperation, isEmptyPlan, planCompose, type ComposeOperation, type ComposePlan, type PlanOptions } from './plan';
export { describePull, pullProjectImages, type LayerProgress, type PullOutcome } from './pullImages';
export { composeConfigFiles, composePs, describeComposeService, type ComposeServiceStatus } from './ps';
export { crashInfo, describeCrash, type CrashInfo } from './crashLoop';
