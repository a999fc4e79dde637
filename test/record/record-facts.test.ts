import { afterAll, describe, expect, it } from 'vitest';
import { RECORD_PRECISIONS } from '../../src/domain/model.ts';
import { recordFacts, recordScenario } from '../support/record.ts';
import { createTestWorld } from '../support/world.ts';

/** Every dated fact of the record. That each cites a seed file that exists is checked by `npm run test:record`. */
const facts = recordFacts(recordScenario());
const factById = new Map(facts.map((f) => [f.id, f]));
const at = (id: string): number => {
  const fact = factById.get(id);
  if (!fact) throw new Error(`the record has no fact ${id}`);
  return Date.parse(fact.at.length === 10 ? `${fact.at}T00:00:00Z` : fact.at);
};
const DAY = 86_400_000;

/** The order the articles give, each pair with the article that says it. */
const ORDER: Array<[earlier: string, later: string, source: string]> = [
  ['walled-gardens', 'miit-meeting', '002: "for years", then "that is changing"'],
  ['taobao-deals-mini-program-talks', 'miit-campaign', '000: in March, then in July'],
  ['miit-campaign', 'miit-meeting', '000 July; 004 the beginning of September'],
  ['miit-meeting', 'companies-comply', '004: the meeting, then on September 14 the announcements'],
  ['miit-meeting', 'kaola/wechat-pay/reported', '002: "as a result" Alibaba integrates WeChat Pay'],
  ['miit-meeting', 'idle-fish/wechat-pay/request', '002: the apps that await Tencent are part of the same change'],
  ['miit-meeting', 'wechat-links-one-to-one', '002: Tencent has also started to unblock links'],
  ['kaola/alipay/reported', 'kaola/wechat-pay/reported', '002: WeChat Pay "alongside Alipay"'],
  ['companies-comply', 'second-confirmation', '004: "more than a month" after'],
  ['second-confirmation', 'alibaba-one-click-sharing', '004 reports the second confirmation and expects one-click sharing on 27 Oct'],
  ['wechat-links-one-to-one', 'wechat-links-direct', '001 "back in September"; 003 29 Nov'],
  ['miit-suspends-tencent', 'wechat-links-direct', '003: "a few days after"'],
  ['miit-suspends-tencent', 'wechat-group-chat-links', '001: "just days after"'],
];

describe("the record: every fact cites an article, has a precision, and keeps the articles' order", () => {
  it('gives every fact a source and one of the record precisions', () => {
    expect(facts.length).toBeGreaterThan(20);
    for (const fact of facts) {
      expect(fact.sources.length, `${fact.id} cites no article`).toBeGreaterThan(0);
      expect(RECORD_PRECISIONS, fact.id).toContain(fact.precision);
    }
  });

  it('places a month-precision fact at the end of its month, the latest the article allows', () => {
    for (const fact of facts.filter((f) => f.precision === 'month')) {
      const next = new Date(at(fact.id) + DAY);
      expect(next.getUTCDate(), `${fact.id} (${fact.at}) is not the last day of its month`).toBe(1);
    }
  });

  it.each(ORDER)('puts %s before %s (%s)', (earlier, later) => {
    expect(at(earlier)).toBeLessThan(at(later));
  });

  it('puts Tencent\'s group-chat announcement and Alibaba\'s QR statement in the same week, as 001 reports both "last week"', () => {
    expect(Math.abs(at('wechat-group-chat-links') - at('qr-mutual-recognition'))).toBeLessThan(7 * DAY);
  });

  it('invents no step: the five apps have one reported fact, the three waiting apps one request, and nobody approved anything', () => {
    for (const storefront of ['eleme', 'youku', 'damai', 'kaola', 'shuqi']) {
      expect(facts.filter((f) => f.id.startsWith(`${storefront}/wechat-pay/`)).map((f) => f.id)).toEqual([
        `${storefront}/wechat-pay/reported`,
      ]);
    }
    for (const storefront of ['taobao-deals', 'idle-fish', 'freshippo']) {
      expect(facts.filter((f) => f.id.startsWith(`${storefront}/wechat-pay/`)).map((f) => f.id)).toEqual([
        `${storefront}/wechat-pay/request`,
      ]);
    }
    expect(facts.some((f) => /\/(approve|launch)$/.test(f.id))).toBe(false);
  });
});

describe('the record as loaded', () => {
  const world = createTestWorld({ scenario: 'record' });
  afterAll(() => world.close());

  it('stores every event and milestone with its sources and its precision', () => {
    const rows = world.db
      .prepare(`SELECT 'event ' || id AS id, source_file, date_precision FROM integration_events
      UNION ALL SELECT slug, source_file, date_precision FROM milestones`)
      .all() as Array<{ id: string; source_file: string | null; date_precision: string }>;
    expect(rows.length).toBe(facts.length);
    for (const row of rows) {
      expect(row.source_file, row.id).toMatch(/^\d{3}_[0-9a-f]{16}\.txt(, \d{3}_[0-9a-f]{16}\.txt)*$/);
      expect(RECORD_PRECISIONS, row.id).toContain(row.date_precision);
    }
  });
});
