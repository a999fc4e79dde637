import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECORD_SOURCES } from '../../../src/domain/record-sources.ts';
import { recordFacts, recordLinkFacts, recordScenario, SEEDS_DIR } from '../../support/record.ts';

/**
 * `npm run test:record`: the record against the articles it is built from (HUTONG_SEEDS_DIR, or shared/seeds
 * beside the checkout). Not part of `npm test`, which needs nothing outside the checkout; CI runs it with the
 * articles beside the clone. Without them this fails: a check that cannot look is not a pass.
 */
const record = recordScenario();
const article = (file: string) => readFileSync(join(SEEDS_DIR, file), 'utf8');

/** The seeds with their typographic quotes straightened and spaces collapsed, lower-case: how a quote is looked up. */
const normalised = (text: string) => text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').toLowerCase();
/** The words a note puts between single quotes (an apostrophe inside a word does not end a quote). */
const quotesIn = (note: string) => [...note.matchAll(/(?:^|(?<=[\s(:]))'(.+?)'(?=[\s.,;:)]|$)/g)].map((m) => m[1] ?? '');
/** The words a Sources note puts between the first pair of straight quotes: what it says the file says. */
const quotedIn = (note: string | null) => /"([^"]+)"/.exec(note ?? '')?.[1];

beforeAll(() => {
  expect(existsSync(SEEDS_DIR), `the articles are not at ${SEEDS_DIR}: set HUTONG_SEEDS_DIR, or clone beside shared/`).toBe(true);
});

describe('the record against its articles', () => {
  it('cites only seed files that exist', () => {
    const seeds = new Set(readdirSync(SEEDS_DIR));
    for (const fact of recordFacts(record)) {
      expect(fact.sources.length, `${fact.id} cites no article`).toBeGreaterThan(0);
      for (const source of fact.sources) expect(seeds.has(source), `${fact.id} cites ${source}, which is not in ${SEEDS_DIR}`).toBe(true);
    }
  });

  it("quotes its articles word for word in the link events' notes (an ellipsis leaves words out)", () => {
    const linkFacts = recordLinkFacts(record);
    const seeds = new Map(linkFacts.flatMap((fact) => fact.sources).map((file) => [file, normalised(article(file))]));
    let quotes = 0;
    for (const fact of linkFacts) {
      for (const quote of quotesIn(fact.note)) {
        quotes += 1;
        for (const piece of quote
          .split('...')
          .map((p) => normalised(p).trim())
          .filter(Boolean)) {
          expect(
            fact.sources.some((file) => seeds.get(file)?.includes(piece)),
            `${fact.id}: "${piece}" is not in ${fact.sources.join(', ')}`,
          ).toBe(true);
        }
      }
    }
    expect(quotes).toBeGreaterThan(40);
  });

  it('quotes its articles word for word in the milestones, the wallet events and every reason too', () => {
    const texts = [
      ...record.milestones.map((m) => ({ id: m.slug, text: `${m.title} ${m.note}`, sources: m.sources })),
      ...record.integrations.flatMap((entry) =>
        entry.events.map((e) => ({ id: `${entry.wallet}/${e.verb}@${e.at}`, text: `${e.reason} ${e.note}`, sources: e.sources })),
      ),
      ...recordLinkFacts(record).map((fact) => ({ id: fact.id, text: ` ${fact.reason}`, sources: fact.sources })),
    ];
    let quotes = 0;
    for (const { id, text, sources } of texts) {
      for (const quote of quotesIn(text)) {
        quotes += 1;
        for (const piece of quote
          .split('...')
          .map((p) => normalised(p).trim())
          .filter(Boolean)) {
          expect(
            sources.some((file) => normalised(article(file)).includes(piece)),
            `${id}: "${piece}" is not in ${sources.join(', ')}`,
          ).toBe(true);
        }
      }
    }
    expect(quotes).toBeGreaterThan(20);
  });

  it('says on the Sources page only what each article says about itself: its title, publication and time word for word', () => {
    for (const source of RECORD_SOURCES) {
      const text = article(source.file).replace(/\s+/g, ' ');
      for (const quote of [quotedIn(source.publicationNote), quotedIn(source.dateNote)]) {
        if (quote) expect(text, `${source.file} says "${quote}"`).toContain(quote.replace(/\s+/g, ' '));
      }
      if (source.title) expect(text, `${source.file} has the title`).toContain(source.title);
    }
  });
});
