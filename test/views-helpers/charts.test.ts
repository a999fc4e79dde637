import { describe, expect, it } from 'vitest';
import { coverageChart } from '../../src/views-helpers/charts.ts';

// The chart is drawn in a 640-unit viewBox; app.css sets its text to 15 units at desktop width and
// 20 at phone width (the SVG shrinks, the text stays readable). A label is about 0.62 em a letter.
const widthOf = (label: string, fontSize: number) => label.length * 0.62 * fontSize;

describe('the coverage chart’s month labels', () => {
  it.each([15, 20])('do not overlap at a font size of %i units, over the record’s six months and over a year', (fontSize) => {
    for (const [from, to] of [
      ['2021-07-01T00:00:00.000Z', '2021-12-31T23:59:59.999Z'],
      ['2021-01-01T00:00:00.000Z', '2021-12-31T23:59:59.999Z'],
    ] as const) {
      const { xTicks } = coverageChart([], new Map(), from, to);
      expect(xTicks.length).toBeGreaterThan(3);
      for (let i = 1; i < xTicks.length; i++) {
        const [a, b] = [xTicks[i - 1]!, xTicks[i]!];
        expect(b.x - a.x, `${a.label} | ${b.label}`).toBeGreaterThan((widthOf(a.label, fontSize) + widthOf(b.label, fontSize)) / 2 + 4);
      }
    }
  });

  it('names the year once, under the first month (and under a January)', () => {
    const { xTicks } = coverageChart([], new Map(), '2021-07-01T00:00:00.000Z', '2022-03-31T23:59:59.999Z');
    expect(xTicks[0]).toMatchObject({ label: 'July', sub: '2021' });
    expect(xTicks.filter((t) => t.sub).map((t) => `${t.label} ${t.sub}`)).toEqual(['July 2021', 'Jan 2022']);
  });
});
