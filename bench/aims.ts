/** One figure of the benchmark against its aim (issue 26), printed as a PASS/MISS row. */
export interface Aim {
  figure: string;
  value: number;
  unit: string;
  aim: string;
  pass: boolean;
  /** false: this run could not measure it (the row says so, and it is not counted as met). */
  measured?: false;
}

const fmt = (value: number) => (Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 100) / 100));

export const atLeast = (figure: string, value: number, min: number, unit = ''): Aim => ({
  figure,
  value,
  unit,
  aim: `≥ ${fmt(min)}${unit}`,
  pass: value >= min,
});
export const atMost = (figure: string, value: number, max: number, unit = ''): Aim => ({
  figure,
  value,
  unit,
  aim: `≤ ${fmt(max)}${unit}`,
  pass: value <= max,
});

/** An aim this run has no figure for, with the reason in place of the figure. */
export const notMeasured = (figure: string, aim: string, why: string): Aim => ({
  figure: `${figure} (${why})`,
  value: Number.NaN,
  unit: '',
  aim,
  pass: false,
  measured: false,
});

/** Prints the aims; `mark` (a busy machine at the start) is printed beside every figure. */
export function printAims(title: string, aims: readonly Aim[], mark = ''): void {
  console.log(`\n${title}`);
  const width = Math.max(...aims.map((a) => a.figure.length));
  for (const a of aims) {
    const verdict = a.measured === false ? '----' : a.pass ? 'PASS' : 'MISS';
    const value = a.measured === false ? '—' : `${fmt(a.value)}${a.unit}`;
    console.log(`${verdict}  ${a.figure.padEnd(width)}  ${value.padStart(10)}  aim ${a.aim}${mark}`);
  }
  const measured = aims.filter((a) => a.measured !== false);
  console.log(`${measured.filter((a) => a.pass).length} of ${measured.length} measured aims met${mark}`);
}
