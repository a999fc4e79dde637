import { describeDuration } from './durations.ts';
import { Refusal } from './errors.ts';
import { formatInstant, inInstantRange, LATEST_INSTANT } from './time.ts';

/** How a sandbox's clock is moved: to an instant, or on by a duration (in ms, parsed at the edge). */
export type ClockMove = { to: string } | { advanceMs: number };

/**
 * The instant a frozen clock at `current` moves to. Forward only: a clock that went back would
 * un-happen what was recorded at the later time (orders, events, deliveries), so a move to an
 * earlier instant is refused; moving to the same instant is allowed and changes nothing.
 */
export function movedClock(current: string, move: ClockMove): string {
  const from = Date.parse(current);
  const to = 'to' in move ? Date.parse(move.to) : from + move.advanceMs;
  if (!inInstantRange(to)) {
    const message = `the clock goes no later than ${formatInstant(LATEST_INSTANT)}`;
    throw new Refusal('bad_request', `The sandbox clock cannot move past the year 9999: ${message}.`, {
      errors: [{ path: 'to' in move ? 'to' : 'advance', message }],
    });
  }
  if (to < from) {
    throw new Refusal(
      'clock_backwards',
      `The sandbox clock only moves forward: it is ${formatInstant(current)}, and ${formatInstant(new Date(to).toISOString())} is ${describeDuration(from - to)} earlier. Create a new sandbox to start earlier.`,
      {
        now: current,
      },
    );
  }
  return new Date(to).toISOString();
}

/** A sandbox is idle-expired when it was last used longer ago than its time to live (never later than the last instant). */
export function expiresAt(lastUsedAt: string, ttlMs: number): string {
  const at = Date.parse(lastUsedAt) + ttlMs;
  return inInstantRange(at) ? new Date(at).toISOString() : LATEST_INSTANT;
}
