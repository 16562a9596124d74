import type { Readable } from 'node:stream';
import type Docker from 'dockerode';

/**
 * Live resource use of one container, from the engine's stats stream (`GET /containers/{id}/stats?stream=1`, one
 * JSON object a second), computed as `docker stats` computes it: CPU as a share of one CPU (100 % = one core busy,
 * so a container on four cores can reach 400 %), memory without the reclaimable page cache, network and block I/O
 * as totals since the container started.
 */
export interface ContainerStats {
  readonly id: string;
  /** Percent of one CPU over the last interval; undefined for the first sample (there is no previous one). */
  readonly cpuPercent: number | undefined;
  readonly memoryBytes: number;
  /** The memory limit: the container's own, or the host's memory when it has none. */
  readonly memoryLimitBytes: number;
  readonly networkRxBytes: number;
  readonly networkTxBytes: number;
  readonly blockReadBytes: number;
  readonly blockWriteBytes: number;
  readonly pids: number | undefined;
  readonly read: string;
}

interface CpuUsage {
  readonly cpu_usage?: { readonly total_usage?: number; readonly percpu_usage?: readonly number[] };
  readonly system_cpu_usage?: number;
  readonly online_cpus?: number;
}

/** The fields of the engine's stats object that are read here (cgroup v1 and v2 engines both). */
export interface RawStats {
  readonly read?: string;
  readonly cpu_stats?: CpuUsage;
  readonly precpu_stats?: CpuUsage;
  readonly memory_stats?: { readonly usage?: number; readonly limit?: number; readonly stats?: Record<string, number> };
  readonly networks?: Record<string, { readonly rx_bytes?: number; readonly tx_bytes?: number }>;
  readonly blkio_stats?: { readonly io_service_bytes_recursive?: readonly { op?: string; value?: number }[] | null };
  readonly pids_stats?: { readonly current?: number };
}

function cpuPercent(raw: RawStats): number | undefined {
  const now = raw.cpu_stats;
  const before = raw.precpu_stats;
  if (!now?.cpu_usage?.total_usage || !before?.system_cpu_usage || !now.system_cpu_usage) return undefined;
  const cpuDelta = now.cpu_usage.total_usage - (before.cpu_usage?.total_usage ?? 0);
  const systemDelta = now.system_cpu_usage - before.system_cpu_usage;
  const cpus = now.online_cpus || now.cpu_usage.percpu_usage?.length || 1;
  if (systemDelta <= 0 || cpuDelta < 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

/** Memory as `docker stats` shows it: usage less the inactive page cache (cgroup v2 `inactive_file`, v1 `total_inactive_file`). */
function memoryBytes(raw: RawStats): number {
  const memory = raw.memory_stats;
  const usage = memory?.usage ?? 0;
  const cache = memory?.stats?.['inactive_file'] ?? memory?.stats?.['total_inactive_file'] ?? 0;
  return cache < usage ? usage - cache : usage;
}

/** Turns one raw stats object into the numbers shown. Pure, so it is tested on fixed objects. */
export function readStats(id: string, raw: RawStats): ContainerStats {
  let rx = 0;
  let tx = 0;
  for (const network of Object.values(raw.networks ?? {})) {
    rx += network.rx_bytes ?? 0;
    tx += network.tx_bytes ?? 0;
  }
  let readBytes = 0;
  let writeBytes = 0;
  for (const entry of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (entry.op ?? '').toLowerCase();
    if (op === 'read') readBytes += entry.value ?? 0;
    if (op === 'write') writeBytes += entry.value ?? 0;
  }
  return {
    id,
    cpuPercent: cpuPercent(raw),
    memoryBytes: memoryBytes(raw),
    memoryLimitBytes: raw.memory_stats?.limit ?? 0,
    networkRxBytes: rx,
    networkTxBytes: tx,
    blockReadBytes: readBytes,
    blockWriteBytes: writeBytes,
    pids: raw.pids_stats?.current,
    read: raw.read ?? '',
  };
}

/** One open stats stream; `close` ends it (idempotent). */
export interface StatsStream {
  readonly id: string;
  readonly closed: boolean;
  close(): void;
}

/**
 * Opens the stats stream of one container and calls `onSample` with each sample. The stream ends by itself when the
 * container is removed; `onEnd` is then called once. Errors opening it (no such container) reject.
 */
export async function openStatsStream(
  docker: Docker,
  id: string,
  onSample: (stats: ContainerStats) => void,
  onEnd: () => void = () => undefined,
): Promise<StatsStream> {
  const stream = (await docker.getContainer(id).stats({ stream: true })) as unknown as Readable;
  let pending = '';
  let closed = false;
  const end = (): void => {
    if (closed) return;
    closed = true;
    stream.destroy();
    onEnd();
  };
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) {
        try {
          onSample(readStats(id, JSON.parse(line) as RawStats));
        } catch {
          // A line that is not JSON is not a sample; the next one is.
        }
      }
      newline = pending.indexOf('\n');
    }
  });
  stream.on('end', end);
  stream.on('close', end);
  stream.on('error', end);
  return {
    id,
    get closed() {
      return closed;
    },
    close: end,
  };
}

/** One sample's figures in words, for a tree item's description, the CLI and the graph. */
export function formatStats(stats: ContainerStats): string {
  const cpu = stats.cpuPercent === undefined ? '–' : `${stats.cpuPercent.toFixed(1)}%`;
  return `CPU ${cpu} · mem ${formatBytes(stats.memoryBytes)}${limitText(stats)}`;
}

function limitText(stats: ContainerStats): string {
  if (!stats.memoryLimitBytes) return '';
  const share = (stats.memoryBytes / stats.memoryLimitBytes) * 100;
  return ` / ${formatBytes(stats.memoryLimitBytes)} (${share.toFixed(1)}%)`;
}

/** Every figure, one a line, for a tooltip. */
export function describeStats(stats: ContainerStats): string {
  return [
    `CPU: ${stats.cpuPercent === undefined ? 'measuring…' : `${stats.cpuPercent.toFixed(1)}% of one CPU`}`,
    `Memory: ${formatBytes(stats.memoryBytes)}${limitText(stats)}`,
    `Network: ${formatBytes(stats.networkRxBytes)} received, ${formatBytes(stats.networkTxBytes)} sent`,
    `Block I/O: ${formatBytes(stats.blockReadBytes)} read, ${formatBytes(stats.blockWriteBytes)} written`,
    ...(stats.pids === undefined ? [] : [`Processes: ${stats.pids}`]),
  ].join('\n');
}

/** Bytes in binary units, as `docker stats` prints them (`12.3MiB`). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)}${units[unit]}`;
}
