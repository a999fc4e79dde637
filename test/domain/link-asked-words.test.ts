import { describe, expect, it } from 'vitest';
import { askedWords, BEHAVIOURS, SHARES, type Behaviour, type Share } from '../../src/domain/links/model.ts';

/** What a request or an announcement asks a host for, as the console, the API's announcement and the CSV export say it. */
describe('askedWords: what a link request asks for, in words', () => {
  it('says the behaviour, then the sharing, then the previews, and leaves out what is not asked', () => {
    expect(askedWords({ behaviour: 'direct', share: 'one_click', preview: 'rich' })).toBe(
      'opening directly, one-click sharing, rich previews',
    );
    expect(askedWords({ share: 'copy_paste' })).toBe('sharing by copy and paste');
    expect(askedWords({ behaviour: 'copy_token', preview: 'bare' })).toBe('sharing by token, bare previews');
    expect(askedWords({ preview: 'rich', behaviour: undefined })).toBe('rich previews');
  });

  it('says nothing when nothing is asked', () => {
    expect(askedWords(null)).toBe('');
    expect(askedWords({})).toBe('');
  });

  it('has words for every behaviour and every way of sharing', () => {
    const behaviours: Record<Behaviour, string> = {
      blocked: 'blocking the link',
      copy_token: 'sharing by token',
      risk_warning: 'opening after a risk warning',
      confirm_twice: 'opening after a second confirmation',
      direct: 'opening directly',
    };
    const shares: Record<Share, string> = { one_click: 'one-click sharing', copy_paste: 'sharing by copy and paste', none: 'no sharing' };
    for (const behaviour of BEHAVIOURS) expect(askedWords({ behaviour })).toBe(behaviours[behaviour]);
    for (const share of SHARES) expect(askedWords({ share })).toBe(shares[share]);
  });
});
