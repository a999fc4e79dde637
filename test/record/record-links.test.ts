import { afterAll, describe, expect, it } from 'vitest';
import { RECORD_PRECISIONS } from '../../src/domain/model.ts';
import { recordLinkFacts, recordScenario } from '../support/record.ts';
import { createTestWorld } from '../support/world.ts';

/** Every link event of the record. Its quotes are checked against the articles by `npm run test:record`. */
const linkFacts = recordLinkFacts(recordScenario());

describe("the record's link events", () => {
  it('cite an article and hold a record precision each', () => {
    expect(linkFacts.length).toBeGreaterThan(30);
    for (const fact of linkFacts) {
      expect(fact.sources.length, fact.id).toBeGreaterThan(0);
      expect(RECORD_PRECISIONS, fact.id).toContain(fact.precision);
      expect(fact.note.length, `${fact.id} explains itself`).toBeGreaterThan(20);
    }
  });

  it('applies nothing that was only announced or expected, and opens no group chat', () => {
    for (const fact of linkFacts.filter((f) => f.precision === 'expected')) expect(fact.verb, fact.id).toBe('announced');
    const groupChats = linkFacts.filter((f) => f.id.startsWith('wechat/group_chat/'));
    expect(groupChats.filter((f) => f.verb !== 'announced').every((f) => f.behaviour === 'blocked' || f.behaviour === undefined)).toBe(
      true,
    );
  });

  it("places the September opening at the end of the month, before 004's mid-October, 003's risk warning and its night of 29 Nov", () => {
    const at = (id: string) => linkFacts.find((f) => f.id === id)?.at;
    expect(at('wechat/one_to_one/taobao/reported@2021-09-30')).toBe('2021-09-30');
    expect(linkFacts.filter((f) => f.id.startsWith('wechat/one_to_one/taobao/')).map((f) => `${f.verb}@${f.at}:${f.precision}`)).toEqual([
      'reported@2021-01-01:before',
      'reported@2021-09-30:month',
      'reported@2021-10-15:approximate',
      'announced@2021-10-27:expected',
      'reported@2021-11-29:before',
      'reported@2021-11-29T23:59:59.999Z:day',
      'announced@2021-12-01:expected',
    ]);
  });
});

describe("the record's link events as loaded", () => {
  const world = createTestWorld({ scenario: 'record' });
  afterAll(() => world.close());

  it('stores each with its sources and precision, through the one writer', () => {
    const rows = world.db
      .prepare<[], { source_file: string | null; date_precision: string; actor_role: string }>(
        'SELECT source_file, date_precision, actor_role FROM link_policy_events',
      )
      .all();
    expect(rows.length).toBe(linkFacts.length);
    for (const row of rows) {
      expect(row.source_file).toMatch(/^\d{3}_[0-9a-f]{16}\.txt(, \d{3}_[0-9a-f]{16}\.txt)*$/);
      expect(RECORD_PRECISIONS).toContain(row.date_precision);
      expect(row.actor_role).toBe('record');
    }
  });
});
