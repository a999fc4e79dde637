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

/** Every query module over one database, prepared once per app; `clock` tells the in-memory states what now is. */
export function createRepositories(db: Db, clock: Clock = systemClock) {
  const catalog = catalogQueries(db);
  return {
    db,
    catalog,
    states: integrationStates(db, catalog, clock),
    integrations: integrationQueries(db),
    links: linkQueries(db),
    milestones: milestoneQueries(db),
    carts: cartQueries(db),
    orders: orderQueries(db),
    refunds: refundQueries(db),
    webhooks: webhookQueries(db),
    sharedLinks: sharedLinkQueries(db),
    changeRequests: changeRequestQueries(db),
    idempotency: idempotencyQueries(db),
    requestLog: requestLogQueries(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
