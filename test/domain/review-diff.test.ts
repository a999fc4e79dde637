import { describe, expect, it } from 'vitest';
import type { Rules } from '../../src/domain/model.ts';
import { diffBetween } from '../../src/domain/review/diff.ts';
import type { MatrixCell } from '../../src/domain/review/matrix.ts';
import { rules } from '../support/events.ts';

const cell = (r: Rules, state: MatrixCell['state'] = 'live'): MatrixCell => ({
  integrationId: 1,
  storefrontSlug: 'eleme',
  walletSlug: 'wechat-pay',
  state,
  rules: r,
  since: null,
  pending: null,
});

describe('the diff between two dates', () => {
  it('sees no change when the same channels come as another list, in another order', () => {
    expect(diffBetween([cell(rules({ channels: ['app', 'mini_program'] }))], [cell(rules({ channels: ['mini_program', 'app'] }))])).toEqual(
      [],
    );
    expect(diffBetween([cell(rules({ channels: ['app'] }))], [cell(rules({ channels: ['app'] }))])).toEqual([]);
  });

  it('notices a channel taken away or swapped for another', () => {
    const before = cell(rules({ channels: ['app', 'mini_program'] }));
    expect(diffBetween([before], [cell(rules({ channels: ['app'] }))])[0]?.changed).toEqual(['channels']);
    expect(diffBetween([before], [cell(rules({ channels: ['app', 'desktop_web'] }))])[0]?.changed).toEqual(['channels']);
    expect(diffBetween([cell(rules({ channels: ['app'] }))], [cell(rules({ channels: ['app', 'app'] }))])).toEqual([]);
  });

  it('names each rule that changed between two live dates', () => {
    const entry = diffBetween(
      [cell(rules(), 'live')],
      [cell(rules({ rolloutPercent: 10, minAmountFen: 100, maxAmountFen: 900, displayOrder: 3 }))],
    )[0];
    expect(entry).toMatchObject({ storefrontSlug: 'eleme', walletSlug: 'wechat-pay', from: { state: 'live' }, to: { state: 'live' } });
    expect(entry?.changed).toEqual(['rolloutPercent', 'minAmountFen', 'maxAmountFen', 'displayOrder']);
  });

  it('names only the state when it changed: a launch does not list the rules it started with', () => {
    const entry = diffBetween([cell(rules(), 'approved')], [cell(rules({ rolloutPercent: 10, displayOrder: 3 }))])[0];
    expect(entry).toMatchObject({ from: { state: 'approved' }, to: { state: 'live' } });
    expect(entry?.changed).toEqual(['state']);
  });

  it('counts an integration missing from the earlier date as not requested there, with the same rules', () => {
    expect(diffBetween([], [cell(rules({ rolloutPercent: 10 }), 'requested')])).toEqual([
      expect.objectContaining({ from: { state: 'not_requested', rules: rules({ rolloutPercent: 10 }) }, changed: ['state'] }),
    ]);
    expect(diffBetween([], [cell(rules(), 'not_requested')])).toEqual([]);
  });
});
