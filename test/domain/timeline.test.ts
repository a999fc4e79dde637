import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/domain/model.ts';
import { integrationAt } from '../../src/domain/timeline.ts';
import { anEvent, rules } from '../support/events.ts';

const approved = anEvent({ id: 10, toState: 'approved', verb: 'approve', effectiveAt: '2021-09-01T00:00:00.000Z' });
const launchOn = (id: number, effectiveAt: string, recordedAt = '2021-09-02T00:00:00.000Z') =>
  anEvent({ id, toState: 'live', effectiveAt, recordedAt, rules: rules({ rolloutPercent: id }) });

describe('an integration at one instant', () => {
  it('has not been requested before anything happened, with the default rules', () => {
    expect(integrationAt([], '2021-10-01T00:00:00.000Z')).toEqual({
      state: 'not_requested',
      rules: DEFAULT_RULES,
      since: null,
      pending: null,
    });
  });

  it('is in the state of its latest event, whatever order the events come in', () => {
    const requested = anEvent({ id: 1, toState: 'requested', verb: 'request', effectiveAt: '2021-08-01T00:00:00.000Z' });
    for (const events of [
      [requested, approved],
      [approved, requested],
    ]) {
      expect(integrationAt(events, '2021-10-01T00:00:00.000Z')).toMatchObject({ state: 'approved', since: approved });
    }
  });

  it('takes an event that becomes effective exactly at that instant, and not a millisecond before', () => {
    const launch = launchOn(11, '2021-09-20T08:00:00.000Z');
    expect(integrationAt([approved, launch], '2021-09-20T08:00:00.000Z')).toMatchObject({ state: 'live', since: launch, pending: null });
    expect(integrationAt([approved, launch], '2021-09-20T07:59:59.999Z')).toMatchObject({
      state: 'approved',
      since: approved,
      pending: launch,
    });
  });

  it('breaks a tie between two events effective at the same instant by the later id, in any order', () => {
    const first = anEvent({ id: 20, toState: 'suspended', verb: 'suspend', effectiveAt: '2021-10-01T00:00:00.000Z' });
    const second = anEvent({ id: 21, toState: 'live', verb: 'resume', effectiveAt: '2021-10-01T00:00:00.000Z' });
    for (const events of [
      [first, second],
      [second, first],
    ]) {
      expect(integrationAt(events, '2021-10-02T00:00:00.000Z').since).toBe(second);
    }
  });

  it('ignores a cancelled event even once its time has come', () => {
    const cancelled = anEvent({
      id: 12,
      toState: 'live',
      effectiveAt: '2021-09-20T00:00:00.000Z',
      status: 'cancelled',
      cancelledAt: '2021-09-10T00:00:00.000Z',
    });
    expect(integrationAt([approved, cancelled], '2021-10-01T00:00:00.000Z')).toMatchObject({
      state: 'approved',
      rules: approved.rules,
      pending: null,
    });
  });

  it('of two pending launches, names the earliest as pending, in any order', () => {
    const early = launchOn(31, '2021-11-01T00:00:00.000Z');
    const late = launchOn(30, '2021-11-11T00:00:00.000Z');
    for (const events of [
      [approved, early, late],
      [late, early, approved],
      [approved, late, early],
    ]) {
      expect(integrationAt(events, '2021-10-01T00:00:00.000Z').pending).toBe(early);
    }
  });

  it('of two pending launches for the same instant, names the one with the lower id', () => {
    const a = launchOn(40, '2021-11-01T00:00:00.000Z');
    const b = launchOn(41, '2021-11-01T00:00:00.000Z');
    for (const events of [
      [approved, a, b],
      [approved, b, a],
    ]) {
      expect(integrationAt(events, '2021-10-01T00:00:00.000Z').pending).toBe(a);
    }
  });

  it('does not know of a launch recorded after the instant, and does know of one recorded exactly then', () => {
    const launch = launchOn(50, '2021-11-01T00:00:00.000Z', '2021-10-01T00:00:00.000Z');
    expect(integrationAt([approved, launch], '2021-09-30T23:59:59.999Z').pending).toBeNull();
    expect(integrationAt([approved, launch], '2021-10-01T00:00:00.000Z').pending).toBe(launch);
  });

  it('still shows a launch as pending until the instant it was cancelled', () => {
    const launch = anEvent({
      id: 60,
      toState: 'live',
      recordedAt: '2021-09-02T00:00:00.000Z',
      effectiveAt: '2021-11-01T00:00:00.000Z',
      status: 'cancelled',
      cancelledAt: '2021-10-01T00:00:00.000Z',
    });
    expect(integrationAt([approved, launch], '2021-09-30T00:00:00.000Z').pending).toBe(launch);
    expect(integrationAt([approved, launch], '2021-10-01T00:00:00.000Z').pending).toBeNull();
  });
});
