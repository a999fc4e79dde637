import { scaleBand, scaleLinear, scaleUtc } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import type { CoverageSeries } from '../domain/review/coverage.ts';
import { formatMonth } from '../domain/time.ts';

/** Geometry for an SVG chart; the view draws it and escapes every text. */
export interface ChartModel {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** `sub`: a second line under the label (the year, under a coverage chart's first month and each January). */
  xTicks: Array<{ x: number; label: string; sub?: string }>;
  yTicks: Array<{ y: number; label: string }>;
}

export interface CoverageChart extends ChartModel {
  lines: Array<{ walletSlug: string; name: string; d: string; labelY: number; last: number }>;
}

const MARGIN = { top: 24, right: 172, bottom: 52, left: 60 };
const LABEL_GAP = 20;

/** Moves end-of-line labels apart (top to bottom) so equal values stay readable, inside [top, bottom]. */
function spreadLabels<T extends { labelY: number }>(lines: T[], top: number, bottom: number): T[] {
  const order = [...lines].sort((a, b) => a.labelY - b.labelY);
  let previous = top - LABEL_GAP;
  for (const line of order) previous = line.labelY = Math.max(line.labelY, previous + LABEL_GAP);
  const overflow = Math.max(0, previous - bottom);
  for (const line of order) line.labelY -= overflow;
  return lines;
}

/**
 * Month ticks as short as they can be read: "Aug", with the year on a line of its own under the
 * first month and each January ("July 2021" on every tick overlapped at 1,280 px and 390 px).
 */
function monthTicks(ticks: Array<{ x: number; at: string }>): ChartModel['xTicks'] {
  return ticks.map(({ x, at }, i) => {
    const [month = '', year = ''] = formatMonth(at).split(' ');
    return i === 0 || at.slice(5, 7) === '01' ? { x, label: month, sub: year } : { x, label: month };
  });
}

/** The coverage step chart: storefronts offering each wallet over [from, to] (or, keyed by host, surfaces opening a platform's links directly). */
export function coverageChart(
  series: readonly CoverageSeries[],
  names: ReadonlyMap<string, string>,
  from: string,
  to: string,
  options: { atLeast?: number } = {},
): CoverageChart {
  const width = 640;
  const height = 260;
  const x = scaleUtc()
    .domain([new Date(from), new Date(to)])
    .range([MARGIN.left, width - MARGIN.right]);
  // `atLeast`: a fixed top (every surface there is), so a line at 1 of 3 does not look full.
  const max = Math.max(1, options.atLeast ?? 0, ...series.flatMap((s) => s.points.map((p) => p.live)));
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([height - MARGIN.bottom, MARGIN.top]);
  const path = line<{ at: string; live: number }>()
    .x((p) => x(new Date(p.at)))
    .y((p) => y(p.live))
    .curve(curveStepAfter);
  return {
    width,
    height,
    margin: MARGIN,
    xTicks: monthTicks(x.ticks(6).map((tick) => ({ x: x(tick), at: tick.toISOString() }))),
    yTicks: y
      .ticks(Math.min(5, max))
      .filter(Number.isInteger)
      .map((tick) => ({ y: y(tick), label: String(tick) })),
    lines: spreadLabels(
      series.map((s) => {
        const last = s.points[s.points.length - 1]?.live ?? 0;
        return {
          walletSlug: s.walletSlug,
          name: names.get(s.walletSlug) ?? s.walletSlug,
          d: path(s.points) ?? '',
          labelY: y(last) + 5,
          last,
        };
      }),
      MARGIN.top,
      height - MARGIN.bottom + 5,
    ),
  };
}

export interface BarChart extends ChartModel {
  groups: Array<{
    label: string;
    bars: Array<{ key: string; label: string; value: number; x: number; y: number; width: number; height: number }>;
  }>;
  legend: Array<{ key: string; label: string }>;
}

/** A grouped bar chart: for each group (a wallet), one bar per measure (started, paid). */
export function barChart(
  groups: ReadonlyArray<{ label: string; values: Record<string, number> }>,
  measures: ReadonlyArray<{ key: string; label: string }>,
): BarChart {
  const width = 640;
  const height = 260;
  const margin = { top: 16, right: 16, bottom: 32, left: 64 };
  const outer = scaleBand()
    .domain(groups.map((g) => g.label))
    .range([margin.left, width - margin.right])
    .padding(0.25);
  const inner = scaleBand()
    .domain(measures.map((m) => m.key))
    .range([0, outer.bandwidth()])
    .padding(0.1);
  const max = Math.max(1, ...groups.flatMap((g) => measures.map((m) => g.values[m.key] ?? 0)));
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([height - margin.bottom, margin.top]);
  return {
    width,
    height,
    margin,
    xTicks: groups.map((g) => ({ x: (outer(g.label) ?? 0) + outer.bandwidth() / 2, label: g.label })),
    yTicks: y
      .ticks(5)
      .filter(Number.isInteger)
      .map((tick) => ({ y: y(tick), label: tick.toLocaleString('en-US') })),
    legend: [...measures],
    groups: groups.map((g) => ({
      label: g.label,
      bars: measures.map((m) => {
        const value = g.values[m.key] ?? 0;
        return {
          key: m.key,
          label: m.label,
          value,
          x: (outer(g.label) ?? 0) + (inner(m.key) ?? 0),
          y: y(value),
          width: inner.bandwidth(),
          height: y(0) - y(value),
        };
      }),
    })),
  };
}
