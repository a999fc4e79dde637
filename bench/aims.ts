/** One figure of the benchmark against its aim (issue 26), printed as a PASS/MISS row. */
export interface Aim {
  figure: string;
  value: number;
  unit: string;
  aim: string;
  pass: boolean;
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

/** Prints the aims; `mark` (a busy machine at the start) is printed beside every figure. */
export function printAims(title: string, aims: readonly Aim[], mark = ''): void {
  console.log(`\n${title}`);
  const width = Math.max(...aims.map((a) => a.figure.length));
  for (const a of aims) {
    console.log(`${a.pass ? 'PASS' : 'MISS'}  ${a.figure.padEnd(width)}  ${`${fmt(a.value)}${a.unit}`.padStart(10)}  aim ${a.aim}${mark}`);
  }
  console.log(`${aims.filter((a) => a.pass).length} of ${aims.length} aims met${mark}`);
}
