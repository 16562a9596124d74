import { formatBytes, type ContainerStats } from '../../engine';

/**
 * The stats panel's data and pictures, plain (no vscode): the last samples of each container kept in a bounded
 * history, and drawn as small SVG line charts (CPU, memory against its limit) with the latest figures beside them.
 */

/** The panel's styles: the theme's variables, with fallbacks for a picture outside VS Code. */
export const STATS_CSS = `body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: 12px; }
table { border-collapse: collapse; } th { text-align: left; padding-right: 12px; font-weight: 600; }
td { padding: 6px 12px 6px 0; vertical-align: top; color: var(--vscode-descriptionForeground); }
.spark .frame { fill: var(--vscode-editorWidget-background, #f3f3f3); stroke: var(--vscode-editorWidget-border, #8a8a8a); }
.unavailable { color: var(--vscode-errorForeground, #a1260d); }
.spark polyline { fill: none; stroke: var(--vscode-charts-blue, #1a85ff); stroke-width: 1.5; }`;

/** Samples kept per container: one a second, so the last five minutes. */
export const HISTORY_LENGTH = 300;

export class StatsHistory {
  private readonly samples = new Map<string, ContainerStats[]>();

  add(stats: ContainerStats): void {
    const list = this.samples.get(stats.id) ?? [];
    list.push(stats);
    if (list.length > HISTORY_LENGTH) list.splice(0, list.length - HISTORY_LENGTH);
    this.samples.set(stats.id, list);
  }

  of(id: string): readonly ContainerStats[] {
    return this.samples.get(id) ?? [];
  }

  /** Keeps only these containers' histories. */
  keep(ids: ReadonlySet<string>): void {
    for (const id of [...this.samples.keys()]) if (!ids.has(id)) this.samples.delete(id);
  }
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A line chart of `values` (0..max) in a width × height box, newest on the right. */
export function sparkline(values: readonly number[], max: number, label: string, width = 240, height = 40): string {
  const top = Math.max(max, ...values, 1e-9);
  const step = width / Math.max(HISTORY_LENGTH - 1, 1);
  const start = width - (values.length - 1) * step;
  const points = values.map((v, i) => `${(start + i * step).toFixed(1)},${(height - (v / top) * (height - 2) - 1).toFixed(1)}`);
  return (
    `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(label)}">` +
    `<rect class="frame" x="0" y="0" width="${width}" height="${height}"/>` +
    (points.length > 1 ? `<polyline points="${points.join(' ')}"/>` : '') +
    '</svg>'
  );
}

/** The row of a swarm task whose resource use cannot be read here, with the reason (no endpoint for its node…). */
export function unavailableRow(name: string, reason: string): string {
  return (
    `<tr data-container="${escape(name)}" data-unavailable="${escape(reason)}"><th>${escape(name)}</th>` +
    `<td colspan="3" class="unavailable">resource use unavailable: ${escape(reason)}</td></tr>`
  );
}

/** One container's row: its name, CPU and memory charts with the latest figures, network and block I/O. */
export function containerRow(name: string, history: readonly ContainerStats[]): string {
  const last = history[history.length - 1];
  if (!last)
    return `<tr data-container="${escape(name)}"><th>${escape(name)}</th><td colspan="3">waiting for the first sample…</td></tr>`;
  const cpu = history.map((s) => s.cpuPercent ?? 0);
  const memory = history.map((s) => s.memoryBytes);
  const cpuText = last.cpuPercent === undefined ? '–' : `${last.cpuPercent.toFixed(1)}%`;
  const memText = `${formatBytes(last.memoryBytes)} / ${formatBytes(last.memoryLimitBytes)}`;
  return [
    `<tr data-container="${escape(name)}" data-cpu="${cpuText}" data-samples="${history.length}">`,
    `<th>${escape(name)}</th>`,
    `<td>${sparkline(cpu, 100, `CPU of ${name}`)}<div>CPU ${cpuText}</div></td>`,
    `<td>${sparkline(memory, last.memoryLimitBytes, `memory of ${name}`)}<div>mem ${memText}</div></td>`,
    `<td>net ${formatBytes(last.networkRxBytes)} in / ${formatBytes(last.networkTxBytes)} out<br>`,
    `disk ${formatBytes(last.blockReadBytes)} read / ${formatBytes(last.blockWriteBytes)} written</td>`,
    '</tr>',
  ].join('');
}
