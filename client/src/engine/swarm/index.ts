// Swarm nodes: list, drain / activate / pause, labels, a task's node engine, service logs through the manager.
export { inspectNode, listNodes, type NodeAvailability, type NodeRole, type SwarmNode } from './nodes';
export {
  addNodeLabel,
  NodeConflictError,
  parseLabelEdit,
  removeNodeLabel,
  servicesPlacedByLabel,
  setNodeAvailability,
  updateNode,
  type NodeUpdateOptions,
  type NodeUpdateResult,
} from './nodeUpdate';
export {
  checkNodeEndpoints,
  locateTask,
  NodeEndpointMissingError,
  nodeConnectOptions,
  NodeEngines,
  type NodeEndpoints,
  type NodeEnginesOptions,
  type TaskLocation,
} from './nodeEngines';
export { followServiceLogs, splitDetails, type ServiceLogOptions } from './serviceLogs';
export { isSwarmManager, swarmRole, swarmState, type SwarmState } from './swarmState';
export { runningContainers, runningTasks, serviceMode, servicesPlacedByNodeLabel, type RunningTask } from './services';
