import { changeRequestQueries } from './change-requests.ts';
import { catalogQueries } from './catalog.ts';
import { cartQueries } from './carts.ts';
import { systemClock, type Clock } from '../domain/time.ts';
import { idempotencyQueries } from './idempotency.ts';
import { integrationStates } from './integration-states.ts';
import { integrationQueries } from './integrations.ts';
import { linkQueries } from './link-policies.ts';
import { milestoneQueries } from './milestones.ts';
import type { Db } from './open.ts';
import { orderQueries } from './orders.ts';
import { refundQueries } from './refunds.ts';
import { requestLogQueries } from './request-log.ts';
import { webhookQueries } from './webhooks.ts';
import { sharedLinkQueries } from './shared-links.ts';

/** `make()`, called the first time it is asked for and kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/**
 * Every query module over one database; `clock` tells the in-memory states what now is. Each
 * module prepares its statements (and fills its caches) the first time it is used, then keeps
 * them: a sandbox visited for its home page and checkout holds the statements of those alone,
 * and they go when its world is closed.
 */
export function createRepositories(db: Db, clock: Clock = systemClock) {
  const catalog = once(() => catalogQueries(db));
  const states = once(() => integrationStates(db, catalog(), clock));
  const integrations = once(() => integrationQueries(db));
  const links = once(() => linkQueries(db));
  const milestones = once(() => milestoneQueries(db));
  const carts = once(() => cartQueries(db));
  const orders = once(() => orderQueries(db));
  const refunds = once(() => refundQueries(db));
  const webhooks = once(() => webhookQueries(db));
  const sharedLinks = once(() => sharedLinkQueries(db));
  const changeRequests = once(() => changeRequestQueries(db));
  const idempotency = once(() => idempotencyQueries(db));
  // Made at once: an answer's log line is recorded after it is sent, when a deleted sandbox's database may be closed (record() then drops it).
  const requestLog = requestLogQueries(db);
  return {
    db,
    get catalog() {
      return catalog();
    },
    get states() {
      return states();
    },
    get integrations() {
      return integrations();
    },
    get links() {
      return links();
    },
    get milestones() {
      return milestones();
    },
    get carts() {
      return carts();
    },
    get orders() {
      return orders();
    },
    get refunds() {
      return refunds();
    },
    get webhooks() {
      return webhooks();
    },
    get sharedLinks() {
      return sharedLinks();
    },
    get changeRequests() {
      return changeRequests();
    },
    get idempotency() {
      return idempotency();
    },
    requestLog,
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
