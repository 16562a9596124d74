import { parsePortSpec } from './ports';

/** Go durations (`1m30s`, `500ms`), as docker/cli's `duration` format parses them. */
const DURATION = /^([+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)(ns|us|µs|ms|s|m|h))+$|^0$/;

/**
 * The formats docker/cli's stack schemas name, checked as docker/cli does. The validators compiled at run time and
 * the ones generated at build time (schemas/compile.mjs) both take them from here.
 */
export const STACK_FORMATS = {
  ports: (value: string | number): boolean => typeof value === 'number' || parsePortSpec(value).ok,
  expose: (value: string | number): boolean => typeof value === 'number' || /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(value),
  duration: (value: string): boolean => DURATION.test(value),
} as const;
