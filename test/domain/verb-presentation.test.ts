import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actors.ts';
import { inboxSectionsFor } from '../../src/domain/inbox.ts';
import { TRANSITIONS, VERBS } from '../../src/domain/transitions.ts';
import { presentVerb } from '../../src/domain/verb-presentation.ts';

describe('how each verb is presented on its form', () => {
  it.each(VERBS)('%s names the state the machine takes it to', (verb) => {
    expect(presentVerb(verb).to).toBe(TRANSITIONS[verb].to);
  });

  it('marks the verbs that take an integration out of its working state as destructive', () => {
    expect(VERBS.filter((verb) => presentVerb(verb).tone === 'destructive')).toEqual(['withdraw', 'reject', 'suspend', 'revoke']);
  });

  it('asks for a reason on every destructive verb, for rules on launch and adjust, and a go-live time on launch only', () => {
    expect(VERBS.filter((verb) => presentVerb(verb).reasonRequired)).toEqual(['withdraw', 'reject', 'suspend', 'revoke']);
    expect(VERBS.filter((verb) => presentVerb(verb).confirms)).toEqual(['withdraw', 'suspend', 'revoke']);
    expect(VERBS.filter((verb) => presentVerb(verb).takesRules)).toEqual(['launch', 'adjust']);
    expect(VERBS.filter((verb) => presentVerb(verb).schedulable)).toEqual(['launch']);
    expect(presentVerb('approve').label).toBe('Approve');
  });
});

describe('which inbox sections a person sees', () => {
  it.each([
    ['reviewer', ['awaitingReview']],
    ['operator', ['needingAction']],
    ['admin', ['awaitingReview', 'needingAction']],
    ['viewer', []],
  ] as const)('a %s sees %j', (role, sections) => {
    expect(inboxSectionsFor({ role } as Pick<Actor, 'role'>)).toEqual(sections);
  });
});
