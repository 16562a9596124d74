// The swarm stack side of the deploy engine.
export { applyStackPlan, type StackApplyResult, type StackProgress } from './applyStack';
export { describeConvergence, waitForStack, type ConvergeResult, type ServiceConvergence } from './converge';
export {
  listStacks,
  removeStack,
  scaleStack,
  stackExists,
  stackPs,
  type StackServiceStatus,
  type StackTaskStatus,
} from './lifecycle';
export { describeStackOperation, isEmptyStackPlan, planStack, type StackOperation, type StackPlan } from './planStack';
export { IMAGE_LABEL, NAMESPACE_LABEL, stackServiceSpec } from './serviceSpec';
