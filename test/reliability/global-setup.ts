import { clearFigures, readFigures } from '../support/figures.ts';

/** Clears the figures before the long run and prints them after it. */
export default function setup(): () => void {
  clearFigures();
  return () => {
    const figures = readFigures();
    const sum = (key: 'killCycles' | 'acknowledgedChecks' | 'acknowledgedWrites' | 'inputsTried' | 'sequences' | 'commands' | 'failures') =>
      figures.reduce((total, figure) => total + (figure[key] ?? 0), 0);
    const lines = figures.map(
      (f) =>
        `  ${f.test}: ${Object.entries(f)
          .filter(([k]) => k !== 'test')
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
    console.log(
      [
        '',
        'Hutong reliability figures',
        ...lines,
        `  total: kill cycles ${sum('killCycles')}, acknowledged writes ${sum('acknowledgedWrites')} (checked ${sum('acknowledgedChecks')} times after crashes), inputs tried ${sum('inputsTried')}, model sequences ${sum('sequences')} (${sum('commands')} commands), failures: ${sum('failures')}`,
        '',
      ].join('\n'),
    );
    clearFigures();
  };
}
