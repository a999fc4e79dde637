import { describe, expect, it } from 'vitest';
import { journeyStep, shareStep } from '../../src/domain/links/journey.ts';

describe('the steps of sharing a link, counted as the opening taps are', () => {
  it('a one-click share posts at once, with no extra tap', () => {
    expect(shareStep('one_click', 0)).toEqual({ kind: 'post', taps: 0 });
  });

  it('a copy-and-paste share is two taps: copy the token, then paste it in the chat', () => {
    expect(shareStep('copy_paste', 0)).toEqual({ kind: 'page', page: 'copy_token', tap: 1, taps: 2 });
    expect(shareStep('copy_paste', 1)).toEqual({ kind: 'page', page: 'paste_in_chat', tap: 2, taps: 2 });
    expect(shareStep('copy_paste', 2)).toEqual({ kind: 'post', taps: 2 });
  });

  it('counts as many taps as opening a copied token does', () => {
    const opening = journeyStep('copy_token', 2);
    expect(shareStep('copy_paste', 2).taps).toBe(opening.taps);
  });
});
