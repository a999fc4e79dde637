import type { Clock } from '../../src/domain/time.ts';

/** A clock tests can set and move. */
export class TestClock implements Clock {
  private current: Date;
  constructor(start: string = '2026-11-22T09:00:00.000Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
