import { changeRequestQueries } from './change-requests.ts';
import { catalogQueries } from './catalog.ts';
import { cartQueries } from './carts.ts';
import { inboxQueries } from './inbox.ts';
import { integrationQueries } from './integrations.ts';
import { milestoneQueries } from './milestones.ts';
import type { Db } from './open.ts';
import { orderQueries } from './orders.ts';
import { webhookQueries } from './webhooks.ts';

/** Every query module over one database, prepared once per app. */
export function createRepositories(db: Db) {
  return {
    db,
    catalog: catalogQueries(db),
    integrations: integrationQueries(db),
    inbox: inboxQueries(db),
    milestones: milestoneQueries(db),
    carts: cartQueries(db),
    orders: orderQueries(db),
    webhooks: webhookQueries(db),
    changeRequests: changeRequestQueries(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
