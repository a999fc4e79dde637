import { scaleLog, scaleOrdinal } from 'd3-scale';
import { line } from 'd3-shape';
import type { PageTime } from './pages.ts';

/** One measured world of the growth curve: its size and each page's time. */
export interface GrowthWorld {
  storefronts: number;
  events: number;
  orders: number;
  pages: Record<string, PageTime>;
  rssMb: number;
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { top: 24, right: 170, bottom: 44, left: 56 };
const COLOURS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#637939',
  '#8c6d31',
];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A log–log chart: each page's median time against the number of storefronts; a flat line does not grow with the world. */
export function growthSvg(worlds: readonly GrowthWorld[]): string {
  const names = Object.keys(worlds[0]?.pages ?? {});
  const all = worlds.flatMap((w) => Object.values(w.pages).map((p) => Math.max(p.medianMs, 0.1)));
  const x = scaleLog()
    .domain([worlds[0]?.storefronts ?? 10, worlds[worlds.length - 1]?.storefronts ?? 10_000])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLog()
    .domain([Math.min(1, ...all), Math.max(100, ...all)])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const colour = scaleOrdinal<string, string>().domain(names).range(COLOURS);
  const path = line<{ storefronts: number; ms: number }>()
    .x((d) => x(d.storefronts))
    .y((d) => y(Math.max(d.ms, 0.1)));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`);
  for (const tick of y.ticks(6).filter((t) => Number.isInteger(Math.log10(t)))) {
    out.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`);
    out.push(
      `<text x="${MARGIN.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick >= 1000 ? `${tick / 1000} s` : `${tick} ms`}</text>`,
    );
  }
  for (const w of worlds) {
    out.push(`<line x1="${x(w.storefronts)}" x2="${x(w.storefronts)}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#eee"/>`);
    out.push(
      `<text x="${x(w.storefronts)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${w.storefronts.toLocaleString('en-US')}</text>`,
    );
  }
  out.push(
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">storefronts in the world (events and orders in proportion)</text>`,
  );
  out.push(`<text x="14" y="${MARGIN.top - 8}">median time of one request</text>`);
  // Labels at the right end, nudged apart so they do not overlap.
  const ends = names
    .map((name) => ({ name, y: y(Math.max(worlds[worlds.length - 1]?.pages[name]?.medianMs ?? 0.1, 0.1)) }))
    .sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; i++) ends[i]!.y = Math.max(ends[i]!.y, ends[i - 1]!.y + 12);
  for (const name of names) {
    const points = worlds.map((w) => ({ storefronts: w.storefronts, ms: w.pages[name]?.medianMs ?? 0.1 }));
    out.push(`<path d="${path(points)}" fill="none" stroke="${colour(name)}" stroke-width="2"><title>${escapeXml(name)}</title></path>`);
    const end = ends.find((e) => e.name === name)!;
    out.push(`<text x="${WIDTH - MARGIN.right + 6}" y="${end.y + 4}" fill="${colour(name)}">${escapeXml(name)}</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
