import { type Html, html, raw } from '../shared/index.ts';

/**
 * Line charts as inline SVG, drawn on the server: no chart library and no script needed
 * to see them. A chart is an image with a text alternative (its title, latest value and
 * range), so a screen reader gets the figures the picture shows.
 */

export type ChartPoint = { readonly at: string; readonly value: number | null };

export type ChartOptions = {
  readonly id: string;
  readonly title: string;
  readonly points: readonly ChartPoint[];
  /** Formats a value for labels (`$12.50`, `35 ms`, `1.2%`). */
  readonly format: (value: number) => string;
  /** Smallest top of the y axis, so a flat line near zero does not fill the chart. */
  readonly minimumTop?: number;
};

const width = 600;
const height = 180;
const pad = { left: 6, right: 6, top: 22, bottom: 22 };
const pointsMax = 720;

/** A round number at or above `value`: 1, 2, 2.5, 5 × 10^k. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

function clock(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
}

/** SVG path data: one `M…L…` run per stretch of known values (a gap where a value is null). */
export function pathData(points: readonly ChartPoint[], top: number): string {
  const innerWidth = width - pad.left - pad.right;
  const innerHeight = height - pad.top - pad.bottom;
  const stepX = points.length > 1 ? innerWidth / (points.length - 1) : 0;
  let data = '';
  let drawing = false;
  points.forEach((point, index) => {
    if (point.value === null || !Number.isFinite(point.value)) {
      drawing = false;
      return;
    }
    const x = pad.left + (points.length > 1 ? index * stepX : innerWidth / 2);
    const y = pad.top + innerHeight - (Math.min(point.value, top) / top) * innerHeight;
    data += `${drawing ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)} `;
    drawing = true;
  });
  return data.trim();
}

export function lineChart(options: ChartOptions): Html {
  const points = options.points.slice(-pointsMax);
  const known = points
    .map((point) => point.value)
    .filter((value): value is number => value !== null && Number.isFinite(value));
  const latest = [...points].reverse().find((point) => point.value !== null)?.value ?? null;
  const titleId = `${options.id}-title`;
  if (known.length === 0) {
    return html`<figure class="chart" id="${options.id}">
<figcaption class="chart-title" id="${titleId}">${options.title}</figcaption>
<p class="chart-empty muted small">No readings yet. The first appears within a few seconds of traffic.</p>
</figure>`;
  }
  const top = niceCeiling(Math.max(...known, options.minimumTop ?? 0));
  const min = Math.min(...known);
  const max = Math.max(...known);
  const summary = `${options.title}: now ${latest === null ? 'no data' : options.format(latest)}; lowest ${options.format(min)}, highest ${options.format(max)} over ${points.length} readings from ${clock(points[0]?.at)} to ${clock(points.at(-1)?.at)} UTC.`;
  const line = pathData(points, top);
  const baseline = height - pad.bottom;
  return html`<figure class="chart" id="${options.id}">
<figcaption class="chart-title" id="${titleId}">${options.title} <strong class="chart-now">${latest === null ? '–' : options.format(latest)}</strong></figcaption>
<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${options.id}-desc" class="chart-svg">
<title id="${options.id}-desc">${summary}</title>
<line class="chart-grid" x1="${pad.left}" y1="${pad.top}" x2="${width - pad.right}" y2="${pad.top}"></line>
<line class="chart-axis" x1="${pad.left}" y1="${baseline}" x2="${width - pad.right}" y2="${baseline}"></line>
<path class="chart-line" d="${line}" fill="none"></path>
<text class="chart-label" x="${pad.left}" y="${pad.top - 6}">${options.format(top)}</text>
<text class="chart-label" x="${pad.left}" y="${height - 4}">${clock(points[0]?.at)}</text>
<text class="chart-label" x="${width - pad.right}" y="${height - 4}" text-anchor="end">${clock(points.at(-1)?.at)}</text>
</svg>
</figure>`;
}

/** A small horizontal bar, for the low-stock table (`available` against the threshold). */
export function meter(value: number, top: number, label: string): Html {
  const ratio = top > 0 ? Math.max(0, Math.min(1, value / top)) : 0;
  return html`<svg class="meter" viewBox="0 0 100 8" role="img" aria-label="${label}" preserveAspectRatio="none">
<rect x="0" y="0" width="100" height="8" class="meter-track"></rect>
<rect x="0" y="0" width="${raw((ratio * 100).toFixed(1))}" height="8" class="meter-fill"></rect>
</svg>`;
}
