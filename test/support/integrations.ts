import { transition } from '../../src/actions/transitions.ts';
import type { Actor } from '../../src/domain/actors.ts';
import type { IntegrationState } from '../../src/domain/model.ts';
import type { Verb } from '../../src/domain/transitions.ts';
import { integrationView } from '../../src/actions/integration-views.ts';
import { actorOf } from '../../src/db/users.ts';
import type { TestWorld } from './world.ts';

export const actors = {
  aliOps: { username: 'ali.ops', displayName: 'Ali Ops', role: 'operator', groupSlug: 'alibaba', providerSlug: null },
  admin: { username: 'admin', displayName: 'Administrator', role: 'admin', groupSlug: null, providerSlug: null },
} satisfies Record<string, Actor>;

/** The verbs (and who uses them) that lead from not_requested to each state. */
const PATHS: Record<IntegrationState, Verb[]> = {
  not_requested: [],
  requested: ['request'],
  approved: ['request', 'approve'],
  live: ['request', 'approve', 'launch'],
  rejected: ['request', 'reject'],
  suspended: ['request', 'approve', 'launch', 'suspend'],
};

function apply(world: TestWorld, storefront: string, wallet: string, verb: Verb, actor: Actor): void {
  const { version } = integrationView(world.repos, world.clock.now().toISOString(), storefront, wallet);
  transition(world.repos, world.clock, { storefront, wallet, verb, actor, reason: `test ${verb}`, expectedVersion: version });
}

/**
 * Puts an integration into `state` through real transitions (ali.ops requests, admin does the rest),
 * first walking it back to not_requested. `suspendedBy` picks who suspends.
 */
export function putInState(
  world: TestWorld,
  storefront: string,
  wallet: string,
  state: IntegrationState,
  suspendedBy: Actor = actors.admin,
): number {
  const now = () => integrationView(world.repos, world.clock.now().toISOString(), storefront, wallet);
  const back: Partial<Record<IntegrationState, Verb[]>> = {
    requested: ['withdraw'],
    approved: ['revoke'],
    live: ['revoke'],
    suspended: ['revoke'],
    rejected: ['request', 'withdraw'],
  };
  for (const verb of back[now().state] ?? []) apply(world, storefront, wallet, verb, verb === 'request' ? actors.aliOps : actors.admin);
  for (const verb of PATHS[state]) {
    const actor = verb === 'request' ? actors.aliOps : verb === 'suspend' ? suspendedBy : actors.admin;
    apply(world, storefront, wallet, verb, actor);
  }
  return now().version;
}

/**
 * `username` performs `verb` on storefront × wallet through the same action the console and the API call,
 * at the current version; for setting up the state a test starts from.
 */
export function transitionAs(
  world: TestWorld,
  username: string,
  verb: Verb,
  storefront: string,
  wallet: string,
  reason = `test ${verb}`,
): number {
  const user = world.people.users.byUsername(username);
  if (!user) throw new Error(`no user ${username} in this world`);
  const { version } = integrationView(world.repos, world.clock.now().toISOString(), storefront, wallet);
  return transition(world.repos, world.clock, { storefront, wallet, verb, actor: actorOf(user), reason, expectedVersion: version })
    .integration.version;
}

/** The integration row and its event count: what a refused request must leave untouched. */
export function integrationRows(world: TestWorld, storefront: string, wallet: string) {
  const row = world.repos.integrations.find(storefront, wallet)!;
  const events = world.db.prepare('SELECT count(*) FROM integration_events WHERE integration_id = ?').pluck().get(row.id) as number;
  return { row, events };
}
