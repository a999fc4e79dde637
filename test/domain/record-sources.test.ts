import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/domain/reasons.ts';
import { reasonGuide } from '../../src/domain/reason-guide.ts';
import { RECORD_SOURCES, sourceAnchor } from '../../src/domain/record-sources.ts';

/** shared/seeds beside the checkout: looked for upwards, so a copy of the project (Stryker's sandbox) finds it too. */
function seedsDir(): string {
  if (process.env.HUTONG_SEEDS_DIR) return process.env.HUTONG_SEEDS_DIR;
  let dir = join(import.meta.dirname, '..', '..');
  for (let up = 0; up < 6; up += 1, dir = dirname(dir)) {
    const candidate = join(dir, '..', 'shared', 'seeds');
    if (existsSync(candidate)) return candidate;
  }
  return join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
}
const SEEDS = seedsDir();

/** The words in a note between the first pair of straight quotes: what it says the file says. */
const quoted = (note: string | null) => /"([^"]+)"/.exec(note ?? '')?.[1];

describe('the Sources page says only what each article says about itself', () => {
  it('lists the five seed files, each once, with a page anchor of its own', () => {
    expect(RECORD_SOURCES.map((s) => s.file.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
    expect(new Set(RECORD_SOURCES.map((s) => sourceAnchor(s.file))).size).toBe(5);
    expect(sourceAnchor('002_c38cf0f4a4e7f84b.txt')).toBe('source-002');
  });

  it('quotes each file word for word where it names its publication or its time', () => {
    expect(existsSync(SEEDS), `the seed articles are at ${SEEDS}`).toBe(true);
    for (const source of RECORD_SOURCES) {
      const text = readFileSync(join(SEEDS, source.file), 'utf8').replace(/\s+/g, ' ');
      for (const quote of [quoted(source.publicationNote), quoted(source.dateNote)]) {
        if (quote) expect(text, `${source.file} says "${quote}"`).toContain(quote.replace(/\s+/g, ' '));
      }
      if (source.title) expect(text, `${source.file} has the title`).toContain(source.title);
    }
  });
});

describe('the reason-code page', () => {
  it('explains every reason code the decision can give, in the order of the code list', () => {
    expect(reasonGuide().map((g) => g.code)).toEqual([...REASON_CODES]);
    for (const guide of reasonGuide()) {
      expect(guide.meaning.length, guide.code).toBeGreaterThan(10);
      expect(guide.howToReach.length, guide.code).toBeGreaterThan(10);
    }
  });
});
