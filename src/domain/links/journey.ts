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

/** The pages a share by token takes before the link is in the chat: copy it in the link's app, then paste it in the chat. */
export type SharePage = 'copy_token' | 'paste_in_chat';

export type ShareStep = { kind: 'page'; page: SharePage; tap: number; taps: number } | { kind: 'post'; taps: number };

/**
 * Where a person is after `step` taps on the way to sharing a link the day let onto a surface by
 * `share`, counted as the opening's taps are: a one-click share posts at once (no extra tap); a
 * copy-and-paste share is two, copying the token in the link's app, then pasting it in the chat.
 */
export function shareStep(share: 'one_click' | 'copy_paste', step: number): ShareStep {
  if (share === 'one_click') return { kind: 'post', taps: 0 };
  if (step < 1) return { kind: 'page', page: 'copy_token', tap: 1, taps: 2 };
  if (step < 2) return { kind: 'page', page: 'paste_in_chat', tap: 2, taps: 2 };
  return { kind: 'post', taps: 2 };
}
