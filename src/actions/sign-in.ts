import type { Logger } from 'pino';
import type { PeopleRepositories } from '../db/people.ts';
import type { UserRow } from '../db/users.ts';
import { Refusal } from '../domain/errors.ts';
import { newSecret, sha256, verifyPassword } from '../domain/passwords.ts';
import { formatInstant, type Clock } from '../domain/time.ts';

export interface SignInDeps {
  people: PeopleRepositories;
  clock: Clock;
  logger: Logger;
  demo: boolean;
}

// Any scrypt hash with the current parameters: checking a password against it costs what a real check costs.
const UNKNOWN_USER_HASH = 'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Checks a username and password, with the per-(user, address) lock-out (at most ten checks in 15 minutes). Logs the outcome, never the password. */
export async function checkCredentials(deps: SignInDeps, input: { username: string; password: string; address: string }): Promise<UserRow> {
  const username = input.username.trim().toLowerCase();
  const { address } = input;
  // Reserved before the (asynchronous) scrypt, so a burst of guesses cannot all pass the check before any is counted.
  const reservation = deps.people.signInThrottle.reserve(username, address, deps.clock.now().toISOString());
  if (!reservation.ok) {
    deps.logger.warn({ username, address, lockedUntil: reservation.until }, 'sign-in refused: locked out');
    throw new Refusal(
      'rate_limited',
      `Too many failed sign-ins for ${username} from this address; try again after ${formatInstant(reservation.until)}.`,
    );
  }
  const found = deps.people.users.byUsername(username);
  const user = found && (deps.demo || !found.isDemo) ? found : undefined;
  // An unknown user costs the same scrypt as a known one, so timing does not reveal usernames.
  const matches = await verifyPassword(input.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!user || !matches) {
    deps.people.signInThrottle.recordFailure(username, address, deps.clock.now().toISOString());
    deps.logger.warn({ username, address }, 'sign-in failed');
    throw new Refusal('unauthorized', 'Wrong username or password.');
  }
  deps.people.signInThrottle.clear(username, address);
  deps.logger.info({ username, address, role: user.role }, 'signed in');
  return user;
}

export const DEFAULT_TOKEN_DAYS = 30;

/** A new API token for `user`, valid for `days`: returned once, stored only as its hash. */
export function issueApiToken(
  deps: SignInDeps,
  user: UserRow,
  label: string,
  days = DEFAULT_TOKEN_DAYS,
): { token: string; id: number; expiresAt: string } {
  const token = newSecret('hut_');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + days * 24 * 3600 * 1000).toISOString();
  const row = deps.people.apiTokens.create({
    userId: user.id,
    tokenHash: sha256(token),
    label,
    prefix: token.slice(0, 8),
    now: now.toISOString(),
    expiresAt,
  });
  deps.logger.info({ username: user.username, tokenId: row.id, expiresAt }, 'api token issued');
  return { token, id: row.id, expiresAt };
}
