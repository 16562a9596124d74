// The deploy lock: one deploy, scale or down at a time per project or stack, held on the engine.
export {
  acquireDeployLock,
  DeployLockHeld,
  describeHolder,
  withDeployLock,
  type DeployLock,
  type LockClient,
  type LockHolder,
  type LockOptions,
  type LockTarget,
} from './deployLock';
export { LOCK_IMAGE, LOCK_LABEL, lockName } from './lease';
