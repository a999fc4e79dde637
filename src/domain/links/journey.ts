import type { Arrival } from './open.ts';
import type { Behaviour } from './model.ts';

/** The pages between tapping a shared link and arriving, one per extra tap. */
export type JourneyPage = 'blocked' | 'risk_warning' | 'confirm_twice' | 'copy_token' | 'paste_in_app';

export type JourneyStep =
  | { kind: 'page'; page: JourneyPage; tap: number; taps: number }
  | { kind: 'arrive'; arrival: Exclude<Arrival, null>; taps: number };

/**
 * Where a person is after `step` taps on the way to a link that opens with `behaviour`: a page to
 * get past (the warning, the second confirmation, the token to copy, then paste) or the arrival.
 * A blocked link stops at its page; going on from there means leaving the host for a browser.
 */
export function journeyStep(behaviour: Behaviour, step: number): JourneyStep {
  switch (behaviour) {
    case 'direct':
      return { kind: 'arrive', arrival: 'in_app_browser', taps: 0 };
    case 'risk_warning':
    case 'confirm_twice':
      return step < 1 ? { kind: 'page', page: behaviour, tap: 1, taps: 1 } : { kind: 'arrive', arrival: 'in_app_browser', taps: 1 };
    case 'copy_token':
      if (step < 1) return { kind: 'page', page: 'copy_token', tap: 1, taps: 2 };
      if (step < 2) return { kind: 'page', page: 'paste_in_app', tap: 2, taps: 2 };
      return { kind: 'arrive', arrival: 'source_app', taps: 2 };
    case 'blocked':
      return step < 1 ? { kind: 'page', page: 'blocked', tap: 1, taps: 2 } : { kind: 'arrive', arrival: 'browser', taps: 2 };
  }
}
