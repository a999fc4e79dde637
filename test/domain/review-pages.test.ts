import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/domain/model.ts';
import { matrixAt, matrixRows, paginate, type MatrixCell } from '../../src/domain/review/matrix.ts';
import { anEvent } from '../support/events.ts';

const cell = (storefrontSlug: string, walletSlug: string): MatrixCell => ({
  integrationId: 1,
  storefrontSlug,
  walletSlug,
  state: 'not_requested',
  rules: DEFAULT_RULES,
  since: null,
  pending: null,
});

describe('the matrix', () => {
  it('holds each integration as it stood, with the event that put it there and what is scheduled', () => {
    const approve = anEvent({ id: 1, toState: 'approved', verb: 'approve', effectiveAt: '2021-09-01T00:00:00.000Z' });
    const launch = anEvent({ id: 2, toState: 'live', recordedAt: '2021-09-02T00:00:00.000Z', effectiveAt: '2021-11-11T00:00:00.000Z' });
    const [only] = matrixAt(
      [{ integrationId: 7, storefrontSlug: 'eleme', walletSlug: 'wechat-pay', events: [approve, launch] }],
      '2021-10-01T00:00:00.000Z',
    );
    expect(only).toEqual({
      integrationId: 7,
      storefrontSlug: 'eleme',
      walletSlug: 'wechat-pay',
      state: 'approved',
      rules: DEFAULT_RULES,
      since: approve,
      pending: launch,
    });
  });

  it('groups cells into one row per storefront, in the order storefronts first appear', () => {
    const rows = matrixRows([cell('eleme', 'alipay'), cell('youku', 'alipay'), cell('eleme', 'wechat-pay')]);
    expect(rows.map((r) => r.storefrontSlug)).toEqual(['eleme', 'youku']);
    expect([...(rows[0]?.cells.keys() ?? [])]).toEqual(['alipay', 'wechat-pay']);
    expect(rows[1]?.cells.get('alipay')).toEqual(cell('youku', 'alipay'));
  });
});

describe('pages of a list', () => {
  const items = Array.from({ length: 25 }, (_, i) => i + 1);

  it('shows the requested page of a given size', () => {
    expect(paginate(items, 2, 10)).toEqual({ items: [11, 12, 13, 14, 15, 16, 17, 18, 19, 20], page: 2, pageCount: 3, total: 25 });
    expect(paginate(items, 3, 10).items).toEqual([21, 22, 23, 24, 25]);
  });

  it('keeps a page number out of range on the first or last page', () => {
    expect(paginate(items, 0, 10)).toMatchObject({ page: 1, items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    expect(paginate(items, 9, 10)).toMatchObject({ page: 3, items: [21, 22, 23, 24, 25] });
  });

  it('has one empty page when there is nothing, and exactly full pages when the size divides', () => {
    expect(paginate([], 1, 10)).toEqual({ items: [], page: 1, pageCount: 1, total: 0 });
    expect(paginate(items.slice(0, 20), 5, 10)).toMatchObject({ page: 2, pageCount: 2 });
  });
});
