import type { Clock } from '../domain/time.ts';

/** A sandbox's clock: it stands still between requests and moves only when told to. */
export interface FrozenClock extends Clock {
  instant(): string;
  moveTo(at: string): void;
}

export function frozenClock(start: string, wall: Clock): FrozenClock & { outbox: Clock } {
  let at = start;
  let movedAt = wall.now().getTime();
  let lastOutbox = 0;
  return {
    now: () => new Date(at),
    instant: () => at,
    moveTo(next: string) {
      at = next;
      movedAt = wall.now().getTime();
    },
    /**
     * The clock the webhook outbox runs on: the sandbox's instant plus the wall time since it was
     * last moved, never going back. A delivery written at the sandbox's time is due at once, and
     * a retry's back-off passes in real seconds although the sandbox's own clock stands still.
     */
    outbox: {
      now() {
        lastOutbox = Math.max(lastOutbox, Date.parse(at) + (wall.now().getTime() - movedAt));
        return new Date(lastOutbox);
      },
    },
  };
}
