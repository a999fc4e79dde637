import { decideWallets, type WalletDecision } from '../domain/decide.ts';
import { Refusal } from '../domain/errors.ts';
import type { Channel } from '../domain/model.ts';
import type { Storefront } from '../db/catalog.ts';
import type { Repositories } from '../db/repositories.ts';

export interface DecisionRequest {
  storefrontSlug: string;
  shopperId: string;
  channel: Channel;
  amountFen: number;
  at: string;
}

export interface Decision {
  storefront: Storefront;
  wallets: WalletDecision[];
}

/** Loads what the decision needs for one storefront and decides. */
export function decideForStorefront(repos: Repositories, request: DecisionRequest): Decision {
  const storefront = repos.catalog.storefront(request.storefrontSlug);
  if (!storefront) throw new Refusal('not_found', `There is no storefront "${request.storefrontSlug}".`);
  const histories = repos.states.historiesAt([storefront.slug], request.at) ?? repos.integrations.historiesAt(storefront.slug, request.at);
  const wallets = decideWallets(
    { ...request, storefrontSlug: storefront.slug, storefrontName: storefront.name },
    repos.catalog.wallets(),
    histories,
  );
  return { storefront, wallets };
}
