import { apiTokenQueries } from './api-tokens.ts';
import type { Db } from './open.ts';
import { sessionQueries } from './sessions.ts';
import { signInThrottleQueries } from './sign-in-throttle.ts';
import { userQueries } from './users.ts';

/** The query modules behind sign-in, sessions and API tokens, prepared once per app. */
export function createPeopleRepositories(db: Db) {
  return {
    users: userQueries(db),
    sessions: sessionQueries(db),
    apiTokens: apiTokenQueries(db),
    signInThrottle: signInThrottleQueries(db),
  };
}
export type PeopleRepositories = ReturnType<typeof createPeopleRepositories>;
