import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/domain/reasons.ts';
import { reasonGuide } from '../../src/domain/reason-guide.ts';
import { RECORD_SOURCES, sourceAnchor } from '../../src/domain/record-sources.ts';

// That each quote is word for word in its article is checked by `npm run test:record`.
describe('the Sources page says only what each article says about itself', () => {
  it('lists the five seed files, each once, with a page anchor of its own', () => {
    expect(RECORD_SOURCES.map((s) => s.file.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
    expect(new Set(RECORD_SOURCES.map((s) => sourceAnchor(s.file))).size).toBe(5);
    expect(sourceAnchor('002_c38cf0f4a4e7f84b.txt')).toBe('source-002');
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
