import { describe, expect, it } from 'vitest';
import { impactOf } from '../../src/domain/impact.ts';
import { ownRequestNote } from '../../src/domain/verb-presentation.ts';

describe('a fresh launch or adjust form (no JavaScript follows what is typed)', () => {
  const base = { state: 'approved' as const, storefrontName: 'Idle Fish', walletName: 'WeChat Pay', rolloutPercent: 100 };

  it('says its impact in words that hold for any rollout, naming no percentage it cannot know', () => {
    for (const verb of ['launch', 'adjust'] as const) {
      const words = impactOf({ ...base, verb, nextRolloutPercent: null, nextChannels: ['app'] });
      expect(words).toBe(
        'The rollout you set is about the share of shoppers at Idle Fish who will see WeChat Pay, on the channels you tick: 30 means about 30 %, 0 none (each shopper keeps one of 100 buckets).',
      );
    }
  });

  it('still says a resume for the rollout in force, which nobody types', () => {
    expect(impactOf({ ...base, verb: 'resume', state: 'suspended', rolloutPercent: 60, nextRolloutPercent: null })).toBe(
      'About 60 % of shoppers at Idle Fish will see WeChat Pay.',
    );
  });
});

describe('four-eyes, where the Approve form would be', () => {
  it('tells the person who made a request awaiting approval why they cannot approve it', () => {
    expect(ownRequestNote('admin', 'admin', 'requested')).toBe('You made this request; another reviewer must approve it.');
  });

  it('says nothing to anyone else, nor once the request is decided', () => {
    expect(ownRequestNote('unionpay.reviewer', 'admin', 'requested')).toBeNull();
    expect(ownRequestNote('admin', 'admin', 'approved')).toBeNull();
    expect(ownRequestNote('admin', null, 'not_requested')).toBeNull();
  });
});
