import type { Clock } from '../domain/time.ts';

/**
 * A sandbox's clock: it stands still between requests and moves only when told to. Its webhook
 * sender runs on it too: a message written at the sandbox's time is due at once, and its retries
 * fall due only as the clock is moved past them (the dispatcher's deliverThrough).
 */
export interface FrozenClock extends Clock {
  instant(): string;
  moveTo(at: string): void;
}

export function frozenClock(start: string): FrozenClock {
  let at = start;
  return {
    now: () => new Date(at),
    instant: () => at,
    moveTo(next: string) {
      at = next;
    },
  };
}
