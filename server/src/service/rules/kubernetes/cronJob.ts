import { asObject } from '../../kubernetes/objects';
import type { Diagnostic } from '../../types';
import { CODE } from '../registry';
import { invalidMessage, reporter, requiredMessage, type ObjectInput } from './fieldErrors';

/**
 * A CronJob's schedule as the controller's parser (robfig/cron's standard parser) reads it: five fields, or a
 * `@` macro, each field a list of values, `*`/`?`, ranges and steps within its bounds. Returns the parser's error, or
 * undefined for a valid schedule.
 */
interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const DURATION = /^(?:\d+(?:\.\d*)?(?:ns|us|µs|ms|s|m|h))+$/;

/** A number, as Go's strconv.Atoi would read it, or the parser's message. */
function integer(text: string): number | string {
  if (!/^[+-]?\d+$/.test(text))
    return `failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`;
  const n = Number(text);
  return n < 0 ? `negative number (${n}) not allowed: ${text}` : n;
}

function intOrName(text: string, b: Bounds): number | string {
  const named = b.names?.indexOf(text.toLowerCase()) ?? -1;
  return named >= 0 ? named + (b.min === 1 ? 1 : 0) : integer(text);
}

function rangeError(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  let start: number | string;
  let end: number | string;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
  } else {
    start = intOrName(lowAndHigh[0] ?? '', b);
    if (lowAndHigh.length > 2) return `too many hyphens: ${expr}`;
    end = lowAndHigh.length === 2 ? intOrName(lowAndHigh[1] ?? '', b) : start;
  }
  if (typeof start === 'string') return start;
  if (typeof end === 'string') return end;
  let step: number | string = 1;
  if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (rangeAndStep.length === 2) {
    step = integer(rangeAndStep[1] ?? '');
    if (typeof step === 'string') return step;
    if (lowAndHigh.length === 1) end = b.max;
  }
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

export function scheduleError(schedule: string): string | undefined {
  let spec = schedule.trim();
  if (spec === '') return 'empty spec string';
  if (/^(?:CRON_)?TZ=/.test(spec)) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    if (timeZoneError(zone)) return `provided bad location ${zone}: unknown time zone ${zone}`;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (MACROS.has(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      const d = spec.slice(7).trim();
      return DURATION.test(d) ? undefined : `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(d)}`;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (const [i, field] of fields.entries()) {
    for (const expr of field.split(',')) {
      const error = rangeError(expr, FIELDS[i] ?? { min: 0, max: 0 });
      if (error) return error;
    }
  }
  return undefined;
}

/** `time.LoadLocation`'s verdict on an IANA name, read from the runtime's time zone database. */
export function timeZoneError(zone: string): string | undefined {
  if (zone === '') return 'timeZone must be nil or non-empty string';
  if (zone.toLowerCase() === 'local')
    return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  const unknown = `unknown time zone ${zone}`;
  for (const part of zone.split('/'))
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) return unknown;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    // The database is read from files: a name in the wrong case is not found, though ICU accepts it.
    return resolved !== zone && resolved.toLowerCase() === zone.toLowerCase() ? unknown : undefined;
  } catch {
    return unknown;
  }
}

/** A CronJob's schedule (the parser's syntax, no `TZ=` in it) and its timeZone (a name of the IANA database). */
export function cronJobDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (input.object['kind'] !== 'CronJob' || !String(input.object['apiVersion']).startsWith('batch/')) return r.out;
  const spec = asObject(input.object['spec']);
  const schedule = spec['schedule'];
  const path = ['spec', 'schedule'];
  if (schedule === '' && !input.partial) r.report(path, CODE.k8sInvalidSchedule, requiredMessage(path));
  if (typeof schedule === 'string' && schedule !== '') {
    const error = scheduleError(schedule);
    if (error) r.report(path, CODE.k8sInvalidSchedule, invalidMessage(path, schedule, error));
    if (schedule.includes('TZ'))
      r.report(
        path,
        CODE.k8sInvalidSchedule,
        invalidMessage(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'),
      );
  }
  const zone = spec['timeZone'];
  if (typeof zone === 'string') {
    const error = timeZoneError(zone);
    if (error) r.report(['spec', 'timeZone'], CODE.k8sInvalidTimeZone, invalidMessage(['spec', 'timeZone'], zone, error));
  }
  return r.out;
}
