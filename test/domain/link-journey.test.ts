import { describe, expect, it } from 'vitest';
import { journeyStep } from '../../src/domain/links/journey.ts';

describe('journeyStep: the taps between a shared link and the shop', () => {
  it('a direct link arrives inside the host at once', () => {
    expect(journeyStep('direct', 0)).toEqual({ kind: 'arrive', arrival: 'in_app_browser', taps: 0 });
  });

  it('a risk warning or a second confirmation is one page, then the shop opens inside the host', () => {
    for (const behaviour of ['risk_warning', 'confirm_twice'] as const) {
      expect(journeyStep(behaviour, 0)).toEqual({ kind: 'page', page: behaviour, tap: 1, taps: 1 });
      expect(journeyStep(behaviour, 1)).toEqual({ kind: 'arrive', arrival: 'in_app_browser', taps: 1 });
    }
  });

  it('a token is copied, then pasted in the platform’s own app, where the shop opens (outside the host)', () => {
    expect(journeyStep('copy_token', 0)).toEqual({ kind: 'page', page: 'copy_token', tap: 1, taps: 2 });
    expect(journeyStep('copy_token', 1)).toEqual({ kind: 'page', page: 'paste_in_app', tap: 2, taps: 2 });
    expect(journeyStep('copy_token', 2)).toEqual({ kind: 'arrive', arrival: 'source_app', taps: 2 });
  });

  it('a blocked link stops at its page; going on is leaving for a browser', () => {
    expect(journeyStep('blocked', 0)).toEqual({ kind: 'page', page: 'blocked', tap: 1, taps: 2 });
    expect(journeyStep('blocked', 1)).toEqual({ kind: 'arrive', arrival: 'browser', taps: 2 });
    expect(journeyStep('blocked', 5)).toEqual({ kind: 'arrive', arrival: 'browser', taps: 2 });
  });
});
