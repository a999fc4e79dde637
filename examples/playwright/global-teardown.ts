import { rmSync } from 'node:fs';

/** Removes the temporary data folder playwright.config.ts made for this run's server. */
export default function removeDataFolder(): void {
  if (process.env.HUTONG_EXAMPLES_DATA) rmSync(process.env.HUTONG_EXAMPLES_DATA, { recursive: true, force: true });
}
